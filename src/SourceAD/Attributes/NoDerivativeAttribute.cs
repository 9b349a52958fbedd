namespace SourceAD;

/// <summary>Excludes a floating-point parameter from differentiation (a data input). It gets no adjoint or tangent.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
