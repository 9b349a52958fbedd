namespace SourceAD.Optimizers;

/// <summary>
/// Runs one bound update rule over the parameters an optimizer is stepping, wherever they live: the host runner calls
/// the rule's fused <c>Step</c> on spans, the device runner hands it to the tensors' backend. Optimizers build the rule
/// once per step and pass it here, so the per-step coefficients are written once for every device.
/// </summary>
public interface IUpdateRunner
{
    /// <summary>Applies <paramref name="rule"/> to θ, the optimizer's state slots and the gradient.</summary>
    void Run<TRule>(TRule rule) where TRule : struct, IElementwiseUpdate;
}
