using System.Numerics;

namespace SourceAD.Optimizers.Rules;

internal static partial class UpdateRules
{
    /// <summary>Plain SGD (thesis Table 4.5), with decoupled weight decay, for one element.</summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="learningRate">γ_k.</param>
    [UpdateRule]
    internal static void Sgd<T>(ref T theta, in T g, T weightDecayFactor, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta - learningRate * g;
    }

    /// <summary>
    /// SGD with heavy-ball momentum, for one element: b ← μb + (1 − dampening)g, θ ← θ − γ_k b.
    /// With dampening = μ this is thesis Table 4.5's Momentum (Eq. 1.10–1.11); with dampening = 0 it is
    /// <c>torch.optim.SGD</c>'s form.
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="buffer">b, the momentum buffer.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="gradientGain">1 − dampening.</param>
    /// <param name="learningRate">γ_k.</param>
    [UpdateRule]
    internal static void SgdMomentum<T>(ref T theta, ref T buffer, in T g, T weightDecayFactor, T momentum, T gradientGain, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        buffer = momentum * buffer + gradientGain * g;
        theta = theta - learningRate * buffer;
    }

    /// <summary>
    /// SGD with Nesterov momentum in the look-ahead form used by deep-learning libraries (Sutskever et al.):
    /// b ← μb + (1 − dampening)g, θ ← θ − γ_k(g + μb). It is Nesterov's method (thesis Eq. 1.12–1.13)
    /// rewritten so that the gradient is taken at the stored parameters.
    /// </summary>
    /// <param name="theta">θ, the parameter.</param>
    /// <param name="buffer">b, the momentum buffer.</param>
    /// <param name="g">g_k, the gradient.</param>
    /// <param name="weightDecayFactor">1 − λγ_k.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="gradientGain">1 − dampening.</param>
    /// <param name="learningRate">γ_k.</param>
    [UpdateRule]
    internal static void SgdNesterov<T>(ref T theta, ref T buffer, in T g, T weightDecayFactor, T momentum, T gradientGain, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        theta = weightDecayFactor * theta;
        buffer = momentum * buffer + gradientGain * g;
        theta = theta - learningRate * (g + momentum * buffer);
    }
}
