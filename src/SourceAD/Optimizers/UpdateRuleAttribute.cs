namespace SourceAD.Optimizers;

/// <summary>
/// Marks a static method as an elementwise optimizer update rule. The SourceAD generator emits a fused
/// <c>{Method}Step</c> method beside it that applies the rule to whole spans in one pass over memory:
/// a <see cref="System.Numerics.Vector{T}"/> main loop, a scalar tail that calls the rule itself, and
/// fixed-size chunks spread over threads for large spans.
/// </summary>
/// <remarks>
/// <para>The rule's parameters declare what each value is, by their ref kind:</para>
/// <list type="bullet">
/// <item><description><c>ref T</c>: a per-parameter state slot (θ, ψ, v...). The step takes a <c>Span&lt;T&gt;</c>,
/// loads each element once and, if the rule assigns it, stores it once.</description></item>
/// <item><description><c>in T</c>: a per-parameter read-only input, such as the gradient. The step takes a
/// <c>ReadOnlySpan&lt;T&gt;</c>.</description></item>
/// <item><description><c>T</c>: a per-step scalar coefficient (learning rate, bias correction...), computed once
/// per step by the caller and broadcast.</description></item>
/// </list>
/// <para>The body is plain arithmetic: locals, assignments (also <c>+=</c>, <c>-=</c>, <c>*=</c>, <c>/=</c>),
/// <c>+ - * /</c>, unary minus, <c>T.Zero</c>, <c>T.One</c>, <c>T.Sqrt</c>, <c>T.Abs</c>, <c>T.Min</c>,
/// <c>T.Max</c> and <c>T.CreateChecked</c> of a constant. Anything else is reported at compile time
/// (SRCAD3101) instead of being generated. The containing types must be <c>partial</c>.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class UpdateRuleAttribute : Attribute
{
}
