using SourceAD.Generators.IR;

namespace SourceAD.Generators.Model;

/// <summary>A parameter of a differentiable method.</summary>
/// <param name="Name">The C# name (also its IR name).</param>
/// <param name="TypeText">The fully qualified type as written in emitted code.</param>
/// <param name="ElementType">For arrays and spans, the element type; otherwise the type itself.</param>
/// <param name="Kind">How it is differentiated.</param>
/// <param name="Differentiable">False for passive kinds and [NoDerivative].</param>
/// <param name="InOut">
/// A <see cref="ParamKind.RealSpanOutput"/> whose contents on entry are an input too: the method may read them before
/// it writes them (<see cref="ReadsEntry"/>), or it may leave some entries as they are (a helper that writes one column
/// of a matrix; <c>OutputArrays.FullyWrites</c>), whose derivatives then pass through the call. The pullback adds their adjoint into an extra
/// <c>Span&lt;T&gt;</c> (<c>dyIn</c>); the pushforward reads their tangent from <c>dy</c> on entry.
/// </param>
/// <param name="Edited">
/// A floating <c>T[]</c> input of a method with a value that the method writes in place (<c>returns[i] += returns[i - 1]</c>).
/// Its adjoint and tangent are those of its contents on entry; the pullback leaves the array as the method does.
/// </param>
/// <param name="Layout">For arrays: flat, rectangular (<c>T[,]</c>) or jagged (<c>T[][]</c>); <see cref="ElementType"/> is then the scalar type.</param>
/// <param name="ReadsEntry">
/// An in-out output whose entry contents the method may read before it writes them (<c>y[i] += a * x[i]</c>, as BLAS
/// axpy is written): its callers must keep those contents for the call's pullback. False for an output that is in-out
/// only because it may be partly written.
/// </param>
/// <param name="LengthCheck">
/// For an output the method writes fully only when its length equals a bound fixed on entry
/// (<c>for (int i = 0; i &lt; x.Length; i++) y[i] = …</c>): that bound, as C# over the parameters (<c>x.Length</c>), which
/// derivative code checks against the output's length on entry.
/// </param>
/// <param name="Default">
/// An optional parameter's default as C# (<c>null</c>, <c>1.0</c>): the Gradient convenience form repeats it, so a caller
/// may leave the argument out there as in the method itself (the other forms put seeds or tangents after the primal's
/// parameters, where a default cannot stand).
/// </param>
internal sealed record Param(string Name, string TypeText, string ElementType, ParamKind Kind, bool Differentiable, bool InOut = false, bool Edited = false, ArrayLayout Layout = ArrayLayout.Flat, bool ReadsEntry = false, string? LengthCheck = null, string? Default = null)
{
    /// <summary>Whether the parameter is a rectangular or jagged array, whose derivative is an array of the same shape (not a span).</summary>
    public bool IsNested => Layout != ArrayLayout.Flat;
}

/// <summary>A local variable hoisted to method scope under a unique IR name.</summary>
internal sealed record Local(string Name, string TypeText, bool IsArray, string ElementType, ArrayLayout Layout = ArrayLayout.Flat)
{
    /// <summary>
    /// The type an array local (and its derivative) is declared with in generated code: <c>T[]</c> for flat ones (span
    /// locals such as stackalloc become arrays), the declared type for rectangular and jagged ones.
    /// </summary>
    public string ArrayTypeText => Layout == ArrayLayout.Flat ? ElementType + "[]" : TypeText;
}
