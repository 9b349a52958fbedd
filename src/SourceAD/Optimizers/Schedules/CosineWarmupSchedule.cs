namespace SourceAD.Optimizers;

/// <summary>
/// Cosine annealing with linear warmup (thesis appendix 4.7): γ_k = γ₀·k/T_warmup while k &lt; T_warmup,
/// then cosine from γ₀ down to γ_min at T_decay, then γ_min.
/// </summary>
public sealed class CosineWarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates a cosine schedule with linear warmup.</summary>
    /// <param name="initialRate">γ₀, the peak rate reached at the end of warmup.</param>
    /// <param name="warmupSteps">T_warmup.</param>
    /// <param name="decaySteps">T_decay, after which the rate stays at γ_min; must exceed T_warmup.</param>
    /// <param name="minimumRate">γ_min (default 0).</param>
    public CosineWarmupSchedule(double initialRate, long warmupSteps, long decaySteps, double minimumRate = 0)
    {
        RequireRate(initialRate, nameof(initialRate));
        RequireRate(minimumRate, nameof(minimumRate));
        RequirePositive(warmupSteps, nameof(warmupSteps));
        if (decaySteps <= warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "T_decay must be greater than T_warmup.");
        }

        InitialRate = initialRate;
        WarmupSteps = warmupSteps;
        DecaySteps = decaySteps;
        MinimumRate = minimumRate;
    }

    /// <summary>γ₀.</summary>
    public double InitialRate { get; }

    /// <summary>T_warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>T_decay.</summary>
    public long DecaySteps { get; }

    /// <summary>γ_min.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc/>
    public override double At(long position)
    {
        if (position < WarmupSteps)
        {
            return InitialRate * position / WarmupSteps;
        }

        return position > DecaySteps
            ? MinimumRate
            : CosineAnnealingSchedule.Cosine(InitialRate, MinimumRate, position - WarmupSteps, DecaySteps - WarmupSteps);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"CosineWarmup(lr={Exact(InitialRate)}, warmup={WarmupSteps}, decay={DecaySteps}, min={Exact(MinimumRate)})";
}
