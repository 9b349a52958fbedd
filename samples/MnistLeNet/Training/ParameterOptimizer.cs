using System.Numerics;
using SourceAD.Distributed;
using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace MnistLeNet.Training;

/// <summary>
/// Steps a model's parameter tensors with one of SourceAD's optimizers, which work on flat spans: the parameters live
/// in one flat master vector θ of <c>T</c> that is copied into the tensors after each step.
/// </summary>
/// <remarks>
/// The master vector is float32 for float16 models (mixed precision, as torch.amp does): INNAprop's and AdamW's ε = 1e-8
/// and their √v̂ underflow in float16, and updates of lr·1e-3 would round away against weights of magnitude 0.1. For
/// float32 and float64 models θ has the model's own precision, so the tensors equal θ exactly.
/// </remarks>
public interface IParameterOptimizer
{
    /// <summary>Steps taken so far (the optimizer's k).</summary>
    long StepCount { get; }

    /// <summary>One step: θ ← update(θ, gradients), then θ is written back into <paramref name="parameters"/>.</summary>
    void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients);

    /// <summary>A reducer for sharded steps (<see cref="StepSharded"/>) in the optimizer's precision.</summary>
    IShardedGradient CreateShardedGradient(Communicator comm, int localShards, IReadOnlyList<Tensor> parameters);

    /// <summary>
    /// One step with the sum of every rank's shards (collective): θ ← update(θ, Σ shards), then θ is written back into
    /// <paramref name="parameters"/>. Every rank takes the same step, or every rank throws a
    /// <see cref="CollectiveException"/> before it when a shard's gradient is not finite.
    /// </summary>
    /// <param name="parameters">The model's parameters.</param>
    /// <param name="gradient">This rank's shards.</param>
    /// <param name="where">Where the run is, for the divergence message.</param>
    /// <param name="requestStop">This rank asks every rank to stop after this step.</param>
    void StepSharded(IReadOnlyList<Tensor> parameters, IShardedGradient gradient, string where, bool requestStop);

    /// <summary>The optimizer's saved state (θ, its slots, k and schedule position) as the bytes of its state file.</summary>
    byte[] SaveState(string scratchFolder);

    /// <summary>Restores θ and the state from <see cref="SaveState"/>'s bytes and writes θ into <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidDataException">The state does not match this optimizer (nothing changed).</exception>
    void LoadState(byte[] state, IReadOnlyList<Tensor> parameters, string scratchFolder);
}

/// <summary>Creates the optimizer named by a <see cref="RunConfig"/>.</summary>
public static class ParameterOptimizers
{
    /// <summary>The optimizer for <paramref name="config"/>, holding θ initialized from <paramref name="parameters"/>.</summary>
    public static IParameterOptimizer Create(RunConfig config, IReadOnlyList<Tensor> parameters) => config.Precision == 64
        ? new ParameterOptimizer<double>(Build<double>(config), parameters)
        : new ParameterOptimizer<float>(Build<float>(config), parameters);

    private static UpdateRuleOptimizer<T> Build<T>(RunConfig c)
        where T : unmanaged, IFloatingPointIeee754<T> => c.Optimizer switch
        {
            "innaprop" => new Innaprop<T>(lr: c.LearningRate, alpha: c.Alpha, beta: c.Beta),
            "adamw" => new AdamW<T>(lr: c.LearningRate),
            "sgd" => new Sgd<T>(lr: c.LearningRate, momentum: c.Momentum),
            _ => throw new ArgumentException($"Unknown optimizer '{c.Optimizer}'."),
        };
}

/// <summary><see cref="IParameterOptimizer"/> over a master vector of <typeparamref name="T"/>.</summary>
internal sealed class ParameterOptimizer<T> : IParameterOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly UpdateRuleOptimizer<T> _optimizer;
    private readonly T[] _theta;
    private readonly T[] _gradient;

    public ParameterOptimizer(UpdateRuleOptimizer<T> optimizer, IReadOnlyList<Tensor> parameters)
    {
        _optimizer = optimizer;
        _theta = new T[parameters.Sum(p => p.Length)];
        _gradient = new T[_theta.Length];
        TensorList.Gather<T>(parameters, _theta);
    }

    public long StepCount => _optimizer.StepCount;

    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        TensorList.Gather<T>(gradients, _gradient);
        _optimizer.Step(_theta, _gradient);
        TensorList.Scatter<T>(_theta, parameters);
    }

    public IShardedGradient CreateShardedGradient(Communicator comm, int localShards, IReadOnlyList<Tensor> parameters) =>
        new Sharded(new GradientAllReduce<T>(comm, parameters, localShards, LeNet5Parameters.Names));

    public void StepSharded(IReadOnlyList<Tensor> parameters, IShardedGradient gradient, string where, bool requestStop)
    {
        _optimizer.Step(_theta, ((Sharded)gradient).Reducer.Reduce(where, requestStop));
        TensorList.Scatter<T>(_theta, parameters);
    }

    public byte[] SaveState(string scratchFolder)
    {
        // The optimizers save to a path only; the bytes are embedded in the checkpoint so that one rename commits all.
        string scratch = Path.Combine(scratchFolder, $".optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            _optimizer.Save(scratch, _theta);
            return File.ReadAllBytes(scratch);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    public void LoadState(byte[] state, IReadOnlyList<Tensor> parameters, string scratchFolder)
    {
        string scratch = Path.Combine(scratchFolder, $".optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(scratch, state);
            _optimizer.Load(scratch, _theta);
        }
        finally
        {
            File.Delete(scratch);
        }
        TensorList.Scatter<T>(_theta, parameters);
    }

    private sealed class Sharded(GradientAllReduce<T> reducer) : IShardedGradient
    {
        public GradientAllReduce<T> Reducer { get; } = reducer;

        public double Loss => Reducer.Loss;

        public bool StopRequested => Reducer.StopRequested;

        public void SetShard(int localShard, IReadOnlyList<Tensor> gradients, double weight, double loss) => Reducer.SetShard(localShard, gradients, weight, loss);

        public void SkipShard(int localShard) => Reducer.SkipShard(localShard);
    }
}
