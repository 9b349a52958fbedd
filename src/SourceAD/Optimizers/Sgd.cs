using System.Numerics;
using SourceAD.Optimizers.Rules;

namespace SourceAD.Optimizers;

/// <summary>
/// Stochastic gradient descent (thesis Table 4.5), optionally with heavy-ball or Nesterov momentum:
/// b ← μb + (1 − dampening)g, then θ ← θ − γ_k b (heavy ball) or θ ← θ − γ_k(g + μb) (Nesterov).
/// Weight decay is decoupled: θ ← (1 − λγ_k)θ first.
/// </summary>
/// <remarks>dampening = μ gives the thesis's momentum form (Eq. 1.10); dampening = 0 (the default) gives
/// <c>torch.optim.SGD</c>'s.</remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Sgd<T> : UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default learning rate, 1e-3.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Creates an SGD optimizer.</summary>
    /// <param name="lr">γ: a constant rate or a <see cref="LearningRateSchedule"/> (default 1e-3).</param>
    /// <param name="momentum">μ ∈ [0, 1) (default 0, plain SGD with no state).</param>
    /// <param name="dampening">Dampening ∈ [0, 1] of the gradient in the momentum buffer (default 0).</param>
    /// <param name="nesterov">Use Nesterov momentum; needs μ &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled weight decay (default 0).</param>
    public Sgd(LearningRateSchedule? lr = null, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(lr, DefaultLearningRate, weightDecay, momentum > 0 ? ["buffer"] : [])
    {
        Require(momentum >= 0 && momentum < 1, nameof(momentum), momentum, "in [0, 1)");
        Require(dampening >= 0 && dampening <= 1, nameof(dampening), dampening, "in [0, 1]");
        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs a positive momentum.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the gradient in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override string Name => "SGD";

    /// <inheritdoc/>
    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k)
    {
        if (Momentum == 0)
        {
            runner.Run(new UpdateRules.SgdUpdate(WeightDecayFactor(gamma), gamma));
        }
        else if (Nesterov)
        {
            runner.Run(new UpdateRules.SgdNesterovUpdate(WeightDecayFactor(gamma), Momentum, 1 - Dampening, gamma));
        }
        else
        {
            runner.Run(new UpdateRules.SgdMomentumUpdate(WeightDecayFactor(gamma), Momentum, 1 - Dampening, gamma));
        }
    }

    /// <inheritdoc/>
    protected override string Describe() =>
        $"SGD(momentum={Exact(Momentum)}, dampening={Exact(Dampening)}, nesterov={Nesterov}, weightDecay={Exact(WeightDecay)}, lr={LearningRate})";
}
