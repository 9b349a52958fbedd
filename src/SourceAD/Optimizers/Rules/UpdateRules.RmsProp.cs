using System.Numerics;

namespace SourceAD.Optimizers.Rules;

internal static partial class UpdateRules
{
    /// <summary>
    /// RMSprop with momentum exactly as thesis Table 4.5 gives it (Graves): v ← β₂v + (1 − β₂)g²,
    /// m ← β₁m + g/√(v + ε), θ ← θ − γ_k m, here with decoupled weight decay first.
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="m">m, the momentum buffer.</param>
    /// <param name="v">v, the moving average of squared gradients.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="beta1">β₁, the momentum.</param>
    /// <param name="beta2">β₂, the squared-gradient decay.</param>
    /// <param name="oneMinusBeta2">1 − β₂.</param>
    /// <param name="learningRate">γ_k.</param>
    /// <param name="epsilon">ε, added under the square root as in Table 4.5.</param>
    [UpdateRule]
    internal static void RmsPropMomentum<T>(
        ref T theta, ref T m, ref T v, in T g,
        T weightDecayFactor, T beta1, T beta2, T oneMinusBeta2, T learningRate, T epsilon)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        v = beta2 * v + oneMinusBeta2 * (g * g);
        m = beta1 * m + g / T.Sqrt(v + epsilon);
        theta = theta - learningRate * m;
    }
}
