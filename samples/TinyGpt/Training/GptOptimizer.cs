using System.Numerics;
using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace TinyGpt.Training;

/// <summary>
/// Steps the model's parameter tensors with SourceAD's AdamW or INNAprop, which work on flat spans: θ lives in one flat
/// vector of the model's precision, the gradient is gathered, clipped to the global norm, stepped and θ scattered back.
/// nanoGPT's settings: AdamW β = (0.9, 0.95); INNAprop σ = 0.99; linear warmup then cosine decay to γ₀/10.
/// </summary>
public interface IGptOptimizer
{
    /// <summary>The schedule's learning rate at the next step.</summary>
    double CurrentRate { get; }

    /// <summary>Clips the gradients to the run's norm, steps θ and writes it into <paramref name="parameters"/>; returns the norm before clipping.</summary>
    double Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients);

    /// <summary>θ, the slots, the step count and the schedule position, as the bytes of the optimizer's state file.</summary>
    byte[] SaveState();

    /// <summary>Restores <see cref="SaveState"/>'s bytes and writes θ into <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidDataException">The state belongs to another optimizer or configuration (nothing changed).</exception>
    void LoadState(byte[] state, IReadOnlyList<Tensor> parameters);
}

/// <summary>Creates the optimizer a <see cref="RunConfig"/> names.</summary>
public static class GptOptimizers
{
    /// <summary>The optimizer for <paramref name="config"/>, holding θ initialized from <paramref name="parameters"/>.</summary>
    public static IGptOptimizer Create(RunConfig config, IReadOnlyList<Tensor> parameters) => config.Precision == 64
        ? new GptOptimizer<double>(Build<double>(config), config.Clip, parameters)
        : new GptOptimizer<float>(Build<float>(config), config.Clip, parameters);

    private static UpdateRuleOptimizer<T> Build<T>(RunConfig c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var schedule = new CosineWarmupSchedule(c.LearningRate, c.Warmup, c.Steps, c.MinimumLearningRate);
        return c.Optimizer == "innaprop"
            ? new Innaprop<T>(schedule, alpha: c.Alpha, beta: c.Beta, sigma: 0.99, weightDecay: c.WeightDecay)
            : new AdamW<T>(schedule, beta1: 0.9, beta2: 0.95, weightDecay: c.WeightDecay);
    }
}

/// <summary><see cref="IGptOptimizer"/> over a flat θ of <typeparamref name="T"/>.</summary>
internal sealed class GptOptimizer<T>(UpdateRuleOptimizer<T> optimizer, double clip, IReadOnlyList<Tensor> parameters) : IGptOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _theta = Gathered(parameters);
    private readonly T[] _gradient = new T[TensorList.Length(parameters)];

    public double CurrentRate => optimizer.LearningRate.At(optimizer.SchedulePosition);

    public double Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        TensorList.Gather<T>(gradients, _gradient);
        double norm = clip > 0 ? GradientClipping.ClipByGlobalNorm<T>(_gradient, clip) : GradientClipping.GlobalNorm<T>(_gradient);
        optimizer.Step(_theta, _gradient);
        TensorList.Scatter<T>(_theta, parameters);
        return norm;
    }

    public byte[] SaveState()
    {
        // The optimizers save to a path only; the bytes go into the checkpoint so that one rename commits everything.
        string scratch = Path.Combine(Path.GetTempPath(), $".tiny-gpt-optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            optimizer.Save(scratch, _theta);
            return File.ReadAllBytes(scratch);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    public void LoadState(byte[] state, IReadOnlyList<Tensor> parameters)
    {
        string scratch = Path.Combine(Path.GetTempPath(), $".tiny-gpt-optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(scratch, state);
            optimizer.Load(scratch, _theta);
        }
        finally
        {
            File.Delete(scratch);
        }
        TensorList.Scatter<T>(_theta, parameters);
    }

    private static T[] Gathered(IReadOnlyList<Tensor> parameters)
    {
        var theta = new T[TensorList.Length(parameters)];
        TensorList.Gather<T>(parameters, theta);
        return theta;
    }
}
