using SourceAD.Distributed;
using SourceAD.Tensors;

namespace MnistLeNet.Training;

/// <summary>
/// A step's gradient computed as shards (<see cref="RunConfig.Shards"/>) on one or more ranks and summed in shard
/// order by SourceAD.Distributed's <see cref="GradientAllReduce{T}"/>, in the optimizer's precision.
/// </summary>
public interface IShardedGradient
{
    /// <summary>Stores local shard <paramref name="localShard"/>'s gradients (parameter order) with their weight.</summary>
    void SetShard(int localShard, IReadOnlyList<Tensor> gradients, double weight);

    /// <summary>Marks local shard <paramref name="localShard"/> as empty this step.</summary>
    void SkipShard(int localShard);

    /// <summary>Collective: every rank stops, before the optimizer step, when any rank's gradients are not finite.</summary>
    void CheckFinite(string where, int firstShard);
}

/// <summary>The sharded steps of one run: the sampler, the gradient and loss reducers, and this rank's shards.</summary>
public sealed class ShardedTraining
{
    private readonly GradientAllReduce<double> _loss;

    /// <summary>Shards of every batch of <paramref name="batches"/> for rank <see cref="Communicator.Rank"/> of <paramref name="comm"/>.</summary>
    public ShardedTraining(Communicator comm, SourceAD.Tensors.Data.MiniBatches batches, int shards, IParameterOptimizer optimizer, IReadOnlyList<Tensor> parameters)
    {
        Comm = comm;
        Sampler = new DistributedSampler(batches, shards);
        Local = Sampler.LocalShards(comm.Rank, comm.Size);
        int count = Local.End.Value - Local.Start.Value;
        Gradient = optimizer.CreateShardedGradient(comm, count, parameters);
        _loss = new GradientAllReduce<double>(comm, [1], count);
    }

    /// <summary>The job.</summary>
    public Communicator Comm { get; }

    /// <summary>Which items each shard of each batch holds.</summary>
    public DistributedSampler Sampler { get; }

    /// <summary>This rank's shards.</summary>
    public Range Local { get; }

    /// <summary>The gradient being reduced.</summary>
    public IShardedGradient Gradient { get; }

    /// <summary>Records local shard <paramref name="localShard"/>'s loss with its weight.</summary>
    public void SetLoss(int localShard, double loss, double weight) => _loss.SetShard(localShard, [loss], weight);

    /// <summary>Marks local shard <paramref name="localShard"/> empty for the loss too.</summary>
    public void SkipLoss(int localShard) => _loss.SkipShard(localShard);

    /// <summary>The batch's mean loss, summed in shard order like the gradient (collective).</summary>
    public double ReduceLoss() => _loss.Reduce()[0];
}
