namespace SourceAD.Optimizers;

/// <summary>
/// Linear schedule with linear warmup (thesis appendix 4.7): γ_k = γ₀·k/T_warmup while k &lt; T_warmup,
/// then γ₀·(1 − (k − T_warmup)/(T_max − T_warmup)), reaching 0 at T_max and staying there.
/// </summary>
public sealed class LinearWarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates a linear schedule with linear warmup.</summary>
    /// <param name="initialRate">γ₀, the peak rate reached at the end of warmup.</param>
    /// <param name="warmupSteps">T_warmup (0 for no warmup).</param>
    /// <param name="totalSteps">T_max; must exceed T_warmup.</param>
    public LinearWarmupSchedule(double initialRate, long warmupSteps, long totalSteps)
    {
        RequireRate(initialRate, nameof(initialRate));
        if (warmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "T_warmup must not be negative.");
        }

        if (totalSteps <= warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "T_max must be greater than T_warmup.");
        }

        InitialRate = initialRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
    }

    /// <summary>γ₀.</summary>
    public double InitialRate { get; }

    /// <summary>T_warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>T_max.</summary>
    public long TotalSteps { get; }

    /// <inheritdoc/>
    public override double At(long position)
    {
        if (position < WarmupSteps)
        {
            return InitialRate * position / WarmupSteps;
        }

        // Clamped at 0: past T_max the thesis formula would turn negative.
        return InitialRate * Math.Max(0.0, 1 - ((double)(position - WarmupSteps) / (TotalSteps - WarmupSteps)));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"LinearWarmup(lr={Exact(InitialRate)}, warmup={WarmupSteps}, tMax={TotalSteps})";
}
