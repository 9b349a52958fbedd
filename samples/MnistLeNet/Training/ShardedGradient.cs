using SourceAD.Distributed;
using SourceAD.Tensors;

namespace MnistLeNet.Training;

/// <summary>
/// A step's gradient computed as shards (<see cref="RunConfig.Shards"/>) on one or more ranks and summed in shard
/// order by SourceAD.Distributed's <see cref="GradientAllReduce{T}"/>, in the optimizer's precision.
/// </summary>
public interface IShardedGradient
{
    /// <summary>Stores local shard <paramref name="localShard"/>'s gradients (parameter order), weight and loss.</summary>
    void SetShard(int localShard, IReadOnlyList<Tensor> gradients, double weight, double loss);

    /// <summary>Marks local shard <paramref name="localShard"/> as empty this step.</summary>
    void SkipShard(int localShard);

    /// <summary>After the step: the batch's loss, summed in shard order.</summary>
    double Loss { get; }

    /// <summary>After the step: whether any rank asked to stop.</summary>
    bool StopRequested { get; }
}

/// <summary>The sharded steps of one run: the sampler, the gradient reducer, and this rank's shards.</summary>
public sealed class ShardedTraining
{
    /// <summary>Shards of every batch of <paramref name="batches"/> for rank <see cref="Communicator.Rank"/> of <paramref name="comm"/>.</summary>
    public ShardedTraining(Communicator comm, SourceAD.Tensors.Data.MiniBatches batches, int shards, IParameterOptimizer optimizer, IReadOnlyList<Tensor> parameters)
    {
        Sampler = new DistributedSampler(batches, shards);
        Local = Sampler.LocalShards(comm.Rank, comm.Size);
        Gradient = optimizer.CreateShardedGradient(comm, Local.End.Value - Local.Start.Value, parameters);
    }

    /// <summary>Which items each shard of each batch holds.</summary>
    public DistributedSampler Sampler { get; }

    /// <summary>This rank's shards.</summary>
    public Range Local { get; }

    /// <summary>The gradient being reduced.</summary>
    public IShardedGradient Gradient { get; }
}
