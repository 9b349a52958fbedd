using System.Numerics;
using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace TinyGpt.Training;

/// <summary>
/// Steps the model's parameter tensors with SourceAD's AdamW or INNAprop, which work on flat spans. As nanoGPT does,
/// the parameters form two groups: the matrices and embeddings (<see cref="GptConfig.IsDecayed"/>) are decayed, the
/// biases and LayerNorm gains and biases are not (<c>--decay all</c> puts every tensor in the decayed group). Each group
/// is one flat θ of the model's precision stepped by its own optimizer, same schedule and hyperparameters, λ = 0 for
/// the exempt group; the gradient is gathered per group and clipped to one global norm over both, as nanoGPT's
/// <c>clip_grad_norm_</c> over all parameters.
/// nanoGPT's settings: AdamW β = (0.9, 0.95); INNAprop σ = 0.99; linear warmup then cosine decay to γ₀/10.
/// </summary>
public interface IGptOptimizer
{
    /// <summary>The schedule's learning rate at the next step.</summary>
    double CurrentRate { get; }

    /// <summary>Clips the gradients to the run's norm, steps θ and writes it into <paramref name="parameters"/>; returns the norm before clipping.</summary>
    double Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients);

    /// <summary>Both groups' θ, slots, step counts and schedule positions, as bytes (<see cref="GroupedOptimizerState"/>).</summary>
    byte[] SaveState();

    /// <summary>Restores <see cref="SaveState"/>'s bytes and writes θ into <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidDataException">The state belongs to another optimizer or configuration, or predates the
    /// parameter groups (nothing changed).</exception>
    void LoadState(byte[] state, IReadOnlyList<Tensor> parameters);
}

/// <summary>Creates the optimizer a <see cref="RunConfig"/> names.</summary>
public static class GptOptimizers
{
    /// <summary>The optimizer for <paramref name="config"/>, holding θ initialized from <paramref name="parameters"/>
    /// (the sixteen tensors of a <see cref="Gpt"/>, in declaration order).</summary>
    public static IGptOptimizer Create(RunConfig config, IReadOnlyList<Tensor> parameters)
    {
        bool[] decayed = [.. Enumerable.Range(0, parameters.Count).Select(i => config.Decay == RunConfig.DecayAll || GptConfig.IsDecayed(i))];
        return config.Precision == 64
            ? new GptOptimizer<double>(Build<double>(config, config.WeightDecay), Build<double>(config, 0), config.Clip, decayed, parameters)
            : new GptOptimizer<float>(Build<float>(config, config.WeightDecay), Build<float>(config, 0), config.Clip, decayed, parameters);
    }

    private static UpdateRuleOptimizer<T> Build<T>(RunConfig c, double weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var schedule = new CosineWarmupSchedule(c.LearningRate, c.Warmup, c.Steps, c.MinimumLearningRate);
        return c.Optimizer == "innaprop"
            ? new Innaprop<T>(schedule, alpha: c.Alpha, beta: c.Beta, sigma: 0.99, weightDecay: weightDecay)
            : new AdamW<T>(schedule, beta1: 0.9, beta2: 0.95, weightDecay: weightDecay);
    }
}

/// <summary>
/// <see cref="IGptOptimizer"/> over two flat θ of <typeparamref name="T"/>: the tensors marked in
/// <paramref name="decayed"/>, stepped by <paramref name="decaying"/>, and the rest, stepped by <paramref name="exempt"/>.
/// An empty group is never stepped (with <c>--decay all</c> the run is the single flat θ it was before the groups).
/// </summary>
internal sealed class GptOptimizer<T>(
    UpdateRuleOptimizer<T> decaying, UpdateRuleOptimizer<T> exempt, double clip, bool[] decayed, IReadOnlyList<Tensor> parameters) : IGptOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Group _decayed = new(decaying, Select(parameters, decayed, true));
    private readonly Group _exempt = new(exempt, Select(parameters, decayed, false));

    public double CurrentRate => decaying.LearningRate.At(decaying.SchedulePosition);

    public double Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        TensorList.Gather<T>(Select(gradients, decayed, true), _decayed.Gradient);
        TensorList.Gather<T>(Select(gradients, decayed, false), _exempt.Gradient);
        Memory<T>[] both = [_decayed.Gradient, _exempt.Gradient];
        double norm = clip > 0 ? GradientClipping.ClipByGlobalNorm<T>(both, clip) : GradientClipping.GlobalNorm<T>(both);
        _decayed.Step(Select(parameters, decayed, true));
        _exempt.Step(Select(parameters, decayed, false));
        return norm;
    }

    public byte[] SaveState() => GroupedOptimizerState.Write([_decayed.Save(), _exempt.Save()]);

    public void LoadState(byte[] state, IReadOnlyList<Tensor> parameters)
    {
        byte[][] groups = GroupedOptimizerState.Read(state, 2);

        // Each optimizer's Load checks everything before it writes; if the second group is refused, the first is put back.
        byte[] before = _decayed.Save();
        _decayed.Load(groups[0]);
        try
        {
            _exempt.Load(groups[1]);
        }
        catch (InvalidDataException)
        {
            _decayed.Load(before);
            throw;
        }
        _decayed.Scatter(Select(parameters, decayed, true));
        _exempt.Scatter(Select(parameters, decayed, false));
    }

    private static Tensor[] Select(IReadOnlyList<Tensor> tensors, bool[] decayed, bool group) =>
        [.. tensors.Where((_, i) => decayed[i] == group)];

    /// <summary>One parameter group: its optimizer, flat θ and gradient.</summary>
    private sealed class Group(UpdateRuleOptimizer<T> optimizer, Tensor[] parameters)
    {
        private readonly T[] _theta = Gathered(parameters);

        public T[] Gradient { get; } = new T[TensorList.Length(parameters)];

        public void Step(Tensor[] parameters)
        {
            if (_theta.Length == 0)
            {
                return;
            }
            optimizer.Step(_theta, Gradient);
            Scatter(parameters);
        }

        public byte[] Save() => ThroughScratchFile(path => optimizer.Save(path, _theta), path => File.ReadAllBytes(path));

        /// <summary>Restores the optimizer and θ from <see cref="Save"/>'s bytes (θ stays here until <see cref="Scatter"/>).</summary>
        public void Load(byte[] state) => ThroughScratchFile(
            path => File.WriteAllBytes(path, state),
            path =>
            {
                optimizer.Load(path, _theta);
                return 0;
            });

        /// <summary>Writes this group's θ into its tensors.</summary>
        public void Scatter(Tensor[] parameters) => TensorList.Scatter<T>(_theta, parameters);

        private static T[] Gathered(Tensor[] parameters)
        {
            var theta = new T[TensorList.Length(parameters)];
            TensorList.Gather<T>(parameters, theta);
            return theta;
        }

        private static TResult ThroughScratchFile<TResult>(Action<string> write, Func<string, TResult> read)
        {
            // The optimizers save to a path only; the bytes go into the checkpoint so that one rename commits everything.
            string scratch = Path.Combine(Path.GetTempPath(), $".tiny-gpt-optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
            try
            {
                write(scratch);
                return read(scratch);
            }
            finally
            {
                File.Delete(scratch);
            }
        }
    }
}
