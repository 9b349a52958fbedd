namespace SourceAD;

/// <summary>
/// Declares a hand-written derivative of another method, like Swift's <c>@derivative(of:)</c> or JAX's <c>custom_vjp</c>.
/// </summary>
/// <remarks>
/// The marked method must have the signature of the generated derivative it replaces:
/// a pullback <c>T FPullback(args..., T seed, ref T da, ...)</c> or a pushforward
/// <c>(T Value, T Tangent) FPushforward(args..., T da, ...)</c>. Generated code that calls <c>F</c> then calls it.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Declares a derivative of <paramref name="methodName"/> in <paramref name="type"/>.</summary>
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the differentiated method.</summary>
    public Type Type { get; }

    /// <summary>The differentiated method's name.</summary>
    public string MethodName { get; }
}
