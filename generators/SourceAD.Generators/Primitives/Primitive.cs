using System;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Primitives;

/// <summary>What a derivative rule sees: the argument values, the output value and the nonsmooth policy.</summary>
/// <param name="Args">The arguments' value expressions.</param>
/// <param name="Out">The primitive's output value (a variable already holding it, or the recomputed call).</param>
/// <param name="Policy">The method's resolved nonsmooth choices.</param>
internal sealed record PartialContext(Expr[] Args, Expr Out, PolicyModel Policy)
{
    public IrType T => Out.Type;
    public Expr X => Args[0];
    public Expr Y => Args[1];
    public Expr Num(double v) => E.Num(T, v);
}

/// <summary>
/// One row of the primitive table: a differentiable operation, its C# bindings, its partial derivatives (written in
/// terms of other primitives, JAX style, so the same rule serves forward mode, reverse mode and op counting), its
/// nonsmooth kind and its cost data.
/// </summary>
/// <param name="Name">The row key, also the method name emitted as <c>{Type}.{Name}(…)</c> for numeric primitives.</param>
/// <param name="Arity">Number of floating arguments.</param>
/// <param name="Partials">∂out/∂arg_i for each argument.</param>
/// <param name="Kind">Nonsmooth kind.</param>
/// <param name="Cost">Cost data (thesis Tables 2.1–2.3).</param>
/// <param name="Emit">How a call is written: null for <c>{Type}.{Name}(args)</c>, or the full qualified method (e.g. <c>global::SourceAD.Nonsmooth.Relu</c>).</param>
/// <param name="Domain">Sample points for table-driven tests: one array of argument tuples, domain edges included.</param>
internal sealed record Primitive(
    string Name,
    int Arity,
    Func<PartialContext, Expr[]> Partials,
    NonsmoothKind Kind,
    PrimitiveCost Cost,
    string? Emit,
    double[][] Domain)
{
    /// <summary>True for the rows of C#'s arithmetic operators (the operator table's, IR/Operators.cs), which are written as operators.</summary>
    public bool IsOperator => Operators.OfRow(Name) is not null || Operators.OfUnaryRow(Name) is not null;
}
