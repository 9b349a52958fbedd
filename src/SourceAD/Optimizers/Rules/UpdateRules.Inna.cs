using System.Numerics;

namespace SourceAD.Optimizers.Rules;

internal static partial class UpdateRules
{
    /// <summary>
    /// INNA (Castera et al.), the non-adaptive ancestor of INNAprop, exactly as thesis Table 4.5 gives it:
    /// ψ ← ψ + γ_k((1/β − α)θ − ψ/β), θ ← θ + γ_k((1/β − α)θ − ψ/β − βg), both from the old ψ,
    /// here with decoupled weight decay first.
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="psi">ψ, the auxiliary variable.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="learningRate">γ_k.</param>
    /// <param name="thetaCoefficient">1/β − α.</param>
    /// <param name="beta">β.</param>
    [UpdateRule]
    internal static void Inna<T>(
        ref T theta, ref T psi, in T g,
        T weightDecayFactor, T learningRate, T thetaCoefficient, T beta)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        T drift = thetaCoefficient * theta - psi / beta;
        psi = psi + learningRate * drift;
        theta = theta + learningRate * (drift - beta * g);
    }
}
