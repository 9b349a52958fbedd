namespace SourceAD.Optimizers;

/// <summary>
/// Cosine annealing (thesis appendix 4.7): γ_k = γ_min + ½(γ₀ − γ_min)(1 + cos(πk/T_max)), held at γ_min
/// after T_max.
/// </summary>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates a cosine annealing schedule.</summary>
    /// <param name="initialRate">γ₀, the rate at position 0.</param>
    /// <param name="totalSteps">T_max, the position at which the rate reaches γ_min.</param>
    /// <param name="minimumRate">γ_min (default 0).</param>
    public CosineAnnealingSchedule(double initialRate, long totalSteps, double minimumRate = 0)
    {
        RequireRate(initialRate, nameof(initialRate));
        RequireRate(minimumRate, nameof(minimumRate));
        RequirePositive(totalSteps, nameof(totalSteps));
        InitialRate = initialRate;
        TotalSteps = totalSteps;
        MinimumRate = minimumRate;
    }

    /// <summary>γ₀.</summary>
    public double InitialRate { get; }

    /// <summary>T_max.</summary>
    public long TotalSteps { get; }

    /// <summary>γ_min.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc/>
    public override double At(long position) =>
        position >= TotalSteps ? MinimumRate : Cosine(InitialRate, MinimumRate, position, TotalSteps);

    /// <inheritdoc/>
    public override string ToString() =>
        $"CosineAnnealing(lr={Exact(InitialRate)}, tMax={TotalSteps}, min={Exact(MinimumRate)})";

    /// <summary>γ_min + ½(γ₀ − γ_min)(1 + cos(π·done/total)), shared with the warmup variant.</summary>
    internal static double Cosine(double initial, double minimum, long done, long total) =>
        minimum + (0.5 * (initial - minimum) * (1 + Math.Cos(Math.PI * done / total)));
}
