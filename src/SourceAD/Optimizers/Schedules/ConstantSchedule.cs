namespace SourceAD.Optimizers;

/// <summary>The constant schedule γ_k = γ₀.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates a constant schedule.</summary>
    /// <param name="learningRate">γ₀, used at every step.</param>
    public ConstantSchedule(double learningRate)
    {
        RequireRate(learningRate, nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>γ₀.</summary>
    public double LearningRate { get; }

    /// <inheritdoc/>
    public override double At(long position) => LearningRate;

    /// <inheritdoc/>
    public override string ToString() => $"Constant(lr={Exact(LearningRate)})";
}
