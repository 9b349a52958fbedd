namespace SourceAD;

/// <summary>
/// Marks a <c>Tensor</c> field or property of a <c>partial</c> model class as a trainable parameter (a <c>Tensor[]</c>
/// one, e.g. per-layer weights, is trained element by element: its gradient is a <c>Tensor?[]</c>). For each
/// [Differentiable] method of the class that returns a <c>Tensor</c>, the generator emits <c>{Method}Gradient(…, Gradients into)</c>,
/// a <c>Gradients</c> type mirroring the parameters, and a <c>Parameters</c> list, with no reflection at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class ParameterAttribute : Attribute
{
}
