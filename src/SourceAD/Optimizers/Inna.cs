using System.Numerics;
using SourceAD.Optimizers.Rules;

namespace SourceAD.Optimizers;

/// <summary>
/// INNA (Castera et al.), the non-adaptive inertial Newton algorithm INNAprop extends, as thesis Table 4.5
/// gives it: ψ₀ = (1 − αβ)θ₀; each step ψ ← ψ + γ_k((1/β − α)θ − ψ/β) and
/// θ ← θ + γ_k((1/β − α)θ − ψ/β − βg), both from the previous ψ. Weight decay, if any, is decoupled.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Inna<T> : UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default learning rate, 1e-3.</summary>
    public const double DefaultLearningRate = 1e-3;

    private const int PsiSlot = 0;

    /// <summary>Creates an INNA optimizer.</summary>
    /// <param name="lr">γ: a constant rate or a <see cref="LearningRateSchedule"/> (default 1e-3).</param>
    /// <param name="alpha">α ≥ 0, the viscous damping (default 0.5).</param>
    /// <param name="beta">β &gt; 0, the geometric damping (default 0.1).</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled weight decay (default 0).</param>
    public Inna(LearningRateSchedule? lr = null, double alpha = 0.5, double beta = 0.1, double weightDecay = 0)
        : base(lr, DefaultLearningRate, weightDecay, "psi")
    {
        Require(alpha >= 0 && !double.IsInfinity(alpha), nameof(alpha), alpha, "finite and non-negative");
        Require(beta > 0 && !double.IsInfinity(beta), nameof(beta), beta, "finite and positive");
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override string Name => "INNA";

    /// <summary>ψ (empty before the first step).</summary>
    public ReadOnlySpan<T> Psi => ParameterCount == 0 ? default : Slot(PsiSlot);

    /// <inheritdoc/>
    protected override void InitializeState(ReadOnlySpan<T> theta0) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(theta0, ToElement(1 - (Alpha * Beta)), Slot(PsiSlot));

    /// <inheritdoc/>
    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k) =>
        runner.Run(new UpdateRules.InnaUpdate(WeightDecayFactor(gamma), gamma, (1 / Beta) - Alpha, Beta));

    /// <inheritdoc/>
    protected override string Describe() =>
        $"INNA(alpha={Exact(Alpha)}, beta={Exact(Beta)}, weightDecay={Exact(WeightDecay)}, lr={LearningRate})";
}
