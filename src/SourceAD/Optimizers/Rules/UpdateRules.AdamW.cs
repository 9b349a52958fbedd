using System.Numerics;

namespace SourceAD.Optimizers.Rules;

internal static partial class UpdateRules
{
    /// <summary>
    /// AdamW (Loshchilov and Hutter; Adam as in thesis Table 4.5 with decoupled weight decay), for one element.
    /// Written with the same operation order as <see cref="Innaprop{T}"/>, so that INNAprop with α = β = 1 and
    /// AdamW with β₁ = 0 round identically (thesis Appendix 4.5.1).
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="m">m, the first-moment moving average.</param>
    /// <param name="v">v, the second-moment moving average.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="oneMinusBeta1">1 − β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="oneMinusBeta2">1 − β₂.</param>
    /// <param name="biasCorrection1">1 − β₁^k.</param>
    /// <param name="biasCorrection2">1 − β₂^k.</param>
    /// <param name="learningRate">γ_k.</param>
    /// <param name="epsilon">ε.</param>
    [UpdateRule]
    internal static void AdamW<T>(
        ref T theta, ref T m, ref T v, in T g,
        T weightDecayFactor, T beta1, T oneMinusBeta1, T beta2, T oneMinusBeta2,
        T biasCorrection1, T biasCorrection2, T learningRate, T epsilon)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        m = beta1 * m + oneMinusBeta1 * g;
        v = beta2 * v + oneMinusBeta2 * (g * g);
        T mHat = m / biasCorrection1;
        T vHat = v / biasCorrection2;
        theta = theta - learningRate * mHat / (T.Sqrt(vHat) + epsilon);
    }
}
