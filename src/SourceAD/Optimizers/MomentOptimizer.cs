using System.Numerics;

namespace SourceAD.Optimizers;

/// <summary>
/// What AdamW and RMSprop share: two decays β₁, β₂ ∈ [0, 1), an ε &gt; 0, and the state slots m (slot 0) and v (slot 1).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class MomentOptimizer<T> : UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The slot of m.</summary>
    private protected const int MSlot = 0;

    /// <summary>The slot of v.</summary>
    private protected const int VSlot = 1;

    /// <summary>Validates and stores the decays and ε; the state slots are named m and v.</summary>
    private protected MomentOptimizer(LearningRateSchedule? lr, double defaultRate, double beta1, double beta2, double eps, double weightDecay)
        : base(lr, defaultRate, weightDecay, "m", "v")
    {
        Require(beta1 >= 0 && beta1 < 1, nameof(beta1), beta1, "in [0, 1)");
        Require(beta2 >= 0 && beta2 < 1, nameof(beta2), beta2, "in [0, 1)");
        Require(eps > 0, nameof(eps), eps, "positive");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }
}
