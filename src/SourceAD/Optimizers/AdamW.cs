using System.Numerics;
using SourceAD.Optimizers.Rules;

namespace SourceAD.Optimizers;

/// <summary>
/// AdamW: Adam (thesis Table 4.5) with decoupled weight decay, as <c>torch.optim.AdamW</c> defines it.
/// Each step k: θ ← (1 − λγ_k)θ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// θ ← θ − γ_k m̂/(√v̂ + ε) with m̂ = m/(1 − β₁^k), v̂ = v/(1 − β₂^k).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class AdamW<T> : MomentOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default learning rate, 1e-3.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Creates an AdamW optimizer (defaults as in PyTorch).</summary>
    /// <param name="lr">γ: a constant rate or a <see cref="LearningRateSchedule"/> (default 1e-3).</param>
    /// <param name="beta1">β₁ ∈ [0, 1), the first-moment decay (default 0.9).</param>
    /// <param name="beta2">β₂ ∈ [0, 1), the second-moment decay (default 0.999).</param>
    /// <param name="eps">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled weight decay (default 0.01).</param>
    public AdamW(LearningRateSchedule? lr = null, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(lr, DefaultLearningRate, beta1, beta2, eps, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override string Name => "AdamW";

    /// <summary>m, the first-moment average (empty before the first step).</summary>
    public ReadOnlySpan<T> M => ParameterCount == 0 ? default : Slot(MSlot);

    /// <summary>v, the second-moment average (empty before the first step).</summary>
    public ReadOnlySpan<T> V => ParameterCount == 0 ? default : Slot(VSlot);

    /// <inheritdoc/>
    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k) =>
        runner.Run(new UpdateRules.AdamWUpdate(
            weightDecayFactor: WeightDecayFactor(gamma),
            beta1: Beta1,
            oneMinusBeta1: 1 - Beta1,
            beta2: Beta2,
            oneMinusBeta2: 1 - Beta2,
            biasCorrection1: 1 - Math.Pow(Beta1, k),
            biasCorrection2: 1 - Math.Pow(Beta2, k),
            learningRate: gamma,
            epsilon: Epsilon));

    /// <inheritdoc/>
    protected override string Describe() =>
        $"AdamW(beta1={Exact(Beta1)}, beta2={Exact(Beta2)}, eps={Exact(Epsilon)}, weightDecay={Exact(WeightDecay)}, lr={LearningRate})";
}
