using System.Numerics;
using SourceAD.Optimizers.Rules;

namespace SourceAD.Optimizers;

/// <summary>
/// INNAprop (thesis chapter 4, Algorithm 3): the dynamical inertial Newton method INNA with RMSprop scaling.
/// Three slots per parameter (θ, ψ, v), the memory of Adam. Each step k (from 1), at rate γ_k:
/// θ ← (1 − λγ_k)θ; v ← σv + (1 − σ)g²; v̂ = v/(1 − σ^k); ψ ← (1 − γ_k/β)ψ + γ_k(1/β − α)θ;
/// θ ← (1 + γ_k(1 − αβ)/(β − γ_k))θ − γ_k/(β − γ_k)ψ − γ_kβ g/(√v̂ + ε). State starts at v₀ = 0 and
/// ψ₀ = (1 − αβ)θ₀, from the parameters given to the first step (before its weight decay).
/// </summary>
/// <remarks>
/// <para>Presets from the thesis (section 4.3.1): (α, β) = (0.1, 0.9) decreases the training loss fast early
/// on (<see cref="FastEarlyTraining"/>, the default); (α, β) = (2, 2) gave the best results for long runs
/// (<see cref="LongTraining"/>). With α = β = 1, INNAprop is AdamW with β₁ = 0 (Appendix 4.5.1).</para>
/// <para>Well-posedness (Remark 12): every γ_k must stay below β, since the update divides by β − γ_k.
/// A step whose rate breaks this throws <see cref="ArgumentException"/> before anything is changed.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Innaprop<T> : UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>γ₀ = 1e-3, the thesis default initial learning rate.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Slot indices, in the order the rule takes them.</summary>
    private const int PsiSlot = 0, VSlot = 1;

    /// <summary>Creates an INNAprop optimizer with the thesis defaults.</summary>
    /// <param name="lr">γ: a constant rate or a <see cref="LearningRateSchedule"/> (default 1e-3).</param>
    /// <param name="alpha">α ≥ 0, the viscous damping (default 0.1).</param>
    /// <param name="beta">β &gt; sup γ_k, the geometric (Hessian-driven) damping (default 0.9).</param>
    /// <param name="sigma">σ ∈ [0, 1), the RMSprop decay (default 0.999).</param>
    /// <param name="eps">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled weight decay (default 0.01).</param>
    /// <exception cref="ArgumentException">A constant rate γ ≥ β (Remark 12).</exception>
    public Innaprop(LearningRateSchedule? lr = null, double alpha = 0.1, double beta = 0.9, double sigma = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(lr, DefaultLearningRate, weightDecay, "psi", "v")
    {
        Require(alpha >= 0 && !double.IsInfinity(alpha), nameof(alpha), alpha, "finite and non-negative");
        Require(beta > 0 && !double.IsInfinity(beta), nameof(beta), beta, "finite and positive");
        Require(sigma >= 0 && sigma < 1, nameof(sigma), sigma, "in [0, 1)");
        Require(eps > 0, nameof(eps), eps, "positive");
        Alpha = alpha;
        Beta = beta;
        Sigma = sigma;
        Epsilon = eps;
        if (LearningRate is ConstantSchedule constant)
        {
            CheckStep(constant.LearningRate, 1);
        }
    }

    /// <summary>The (α, β) = (0.1, 0.9) preset: fast decrease of the training loss early in training.</summary>
    /// <param name="lr">γ (default 1e-3).</param>
    /// <param name="weightDecay">λ (default 0.01).</param>
    public static Innaprop<T> FastEarlyTraining(LearningRateSchedule? lr = null, double weightDecay = 0.01) =>
        new(lr, alpha: 0.1, beta: 0.9, weightDecay: weightDecay);

    /// <summary>The (α, β) = (2, 2) preset: the best results for long training runs.</summary>
    /// <param name="lr">γ (default 1e-3).</param>
    /// <param name="weightDecay">λ (default 0.01).</param>
    public static Innaprop<T> LongTraining(LearningRateSchedule? lr = null, double weightDecay = 0.01) =>
        new(lr, alpha: 2, beta: 2, weightDecay: weightDecay);

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override string Name => "INNAprop";

    /// <summary>ψ, the auxiliary INNA variable (empty before the first step).</summary>
    public ReadOnlySpan<T> Psi => ParameterCount == 0 ? default : Slot(PsiSlot);

    /// <summary>v, the moving average of squared gradients (empty before the first step).</summary>
    public ReadOnlySpan<T> V => ParameterCount == 0 ? default : Slot(VSlot);

    /// <inheritdoc/>
    protected override void InitializeState(ReadOnlySpan<T> theta0) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(theta0, ToElement(1 - (Alpha * Beta)), Slot(PsiSlot));

    /// <inheritdoc/>
    protected override void CheckStep(double gamma, long k)
    {
        if (!(gamma < Beta))
        {
            throw new ArgumentException(
                $"INNAprop is ill-posed at step k = {k}: the learning rate γ_k = {Exact(gamma)} must be smaller than β = {Exact(Beta)} " +
                "(thesis Remark 12: the update divides by β − γ_k). Lower the learning rate or schedule, or raise β.",
                "lr");
        }
    }

    /// <inheritdoc/>
    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k)
    {
        var alpha = Alpha;
        var beta = Beta;
        var sigma = Sigma;
        runner.Run(new UpdateRules.InnapropUpdate(
            weightDecayFactor: WeightDecayFactor(gamma),
            sigma: sigma,
            oneMinusSigma: 1 - sigma,
            biasCorrection: 1 - Math.Pow(sigma, k),
            psiDecay: 1 - (gamma / beta),
            psiThetaGain: gamma * ((1 / beta) - alpha),
            thetaGain: 1 + (gamma * (1 - (alpha * beta)) / (beta - gamma)),
            psiCoupling: gamma / (beta - gamma),
            gradientGain: gamma * beta,
            epsilon: Epsilon));
    }

    /// <inheritdoc/>
    protected override string Describe() =>
        $"INNAprop(alpha={Exact(Alpha)}, beta={Exact(Beta)}, sigma={Exact(Sigma)}, eps={Exact(Epsilon)}, weightDecay={Exact(WeightDecay)}, lr={LearningRate})";
}
