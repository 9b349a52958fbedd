using System.Numerics;

namespace SourceAD.Optimizers.Rules;

/// <summary>The shipped update rules; the generator adds a fused <c>{Rule}Step</c> beside each.</summary>
internal static partial class UpdateRules
{
    /// <summary>
    /// INNAprop, thesis Algorithm 3, lines 9–13, for one element. The coefficients are computed once per step,
    /// in double, by <see cref="Innaprop{T}"/>; the line they come from is given beside each.
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="psi">ψ, the auxiliary INNA variable.</param>
    /// <param name="v">v, the moving average of squared gradients.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k (line 9, decoupled weight decay).</param>
    /// <param name="sigma">σ (line 10).</param>
    /// <param name="oneMinusSigma">1 − σ (line 10).</param>
    /// <param name="biasCorrection">1 − σ^k (line 11).</param>
    /// <param name="psiDecay">1 − γ_k/β (line 12).</param>
    /// <param name="psiThetaGain">γ_k(1/β − α) (line 12).</param>
    /// <param name="thetaGain">1 + γ_k(1 − αβ)/(β − γ_k) (line 13).</param>
    /// <param name="psiCoupling">γ_k/(β − γ_k) (line 13).</param>
    /// <param name="gradientGain">γ_k β (line 13).</param>
    /// <param name="epsilon">ε (line 13).</param>
    [UpdateRule]
    internal static void Innaprop<T>(
        ref T theta, ref T psi, ref T v, in T g,
        T weightDecayFactor, T sigma, T oneMinusSigma, T biasCorrection,
        T psiDecay, T psiThetaGain, T thetaGain, T psiCoupling, T gradientGain, T epsilon)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        v = sigma * v + oneMinusSigma * (g * g);
        T vHat = v / biasCorrection;
        psi = psiDecay * psi + psiThetaGain * theta;
        theta = thetaGain * theta - psiCoupling * psi - gradientGain * g / (T.Sqrt(vHat) + epsilon);
    }
}
