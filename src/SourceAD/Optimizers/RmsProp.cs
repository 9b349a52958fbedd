using System.Numerics;
using SourceAD.Optimizers.Rules;

namespace SourceAD.Optimizers;

/// <summary>
/// RMSprop with momentum as thesis Table 4.5 gives it (Graves 2013): state v₀ = 1, m₀ = 0; each step
/// v ← β₂v + (1 − β₂)g², m ← β₁m + g/√(v + ε), θ ← θ − γ_k m, with decoupled weight decay first.
/// </summary>
/// <remarks>This differs from <c>torch.optim.RMSprop</c>, which starts v at 0 and adds ε outside the root.</remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class RmsProp<T> : MomentOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default learning rate, 1e-3.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>v₀ = 1 (thesis Table 4.5, RMSprop + Momentum).</summary>
    private const double InitialSquaredAverage = 1;

    /// <summary>Creates an RMSprop-with-momentum optimizer.</summary>
    /// <param name="lr">γ: a constant rate or a <see cref="LearningRateSchedule"/> (default 1e-3).</param>
    /// <param name="beta1">β₁ ∈ [0, 1), the momentum (default 0.9).</param>
    /// <param name="beta2">β₂ ∈ [0, 1), the squared-gradient decay (default 0.99).</param>
    /// <param name="eps">ε &gt; 0, under the square root (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled weight decay (default 0).</param>
    public RmsProp(LearningRateSchedule? lr = null, double beta1 = 0.9, double beta2 = 0.99, double eps = 1e-8, double weightDecay = 0)
        : base(lr, DefaultLearningRate, beta1, beta2, eps, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override string Name => "RMSprop+momentum";

    /// <inheritdoc/>
    protected override void InitializeState(ReadOnlySpan<T> theta0) => Slot(VSlot).Fill(ToElement(InitialSquaredAverage));

    /// <inheritdoc/>
    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k) =>
        runner.Run(new UpdateRules.RmsPropMomentumUpdate(WeightDecayFactor(gamma), Beta1, Beta2, 1 - Beta2, gamma, Epsilon));

    /// <inheritdoc/>
    protected override string Describe() =>
        $"RMSprop(beta1={Exact(Beta1)}, beta2={Exact(Beta2)}, eps={Exact(Epsilon)}, weightDecay={Exact(WeightDecay)}, lr={LearningRate})";
}
