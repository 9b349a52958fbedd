using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Which primitive a C# call is: the row of <see cref="PrimitiveTable"/> it binds to, or a reduction with the method's
/// reduction tie rule. Lowering (and so the cost analyzer's SRCAD1003, which counts lowered bodies) and the nonsmooth-site report (SRCAD2001) ask here,
/// so a call the generator differentiates as <c>Max</c> is the call the IDE reports and counts as <c>Max</c> (issue 17:
/// one place that recognizes primitives).
/// </summary>
/// <remarks>
/// The bindings: <c>Math</c>, <c>MathF</c>, <c>double</c>, <c>float</c>, <c>Half</c> and generic math (<c>T.Sin</c>)
/// bind by method name and argument count, except that <c>Log(x, b)</c> is the row <c>LogBase</c> and only the
/// one-argument <c>Round</c> is a row (the others are passive, handled by lowering). Rows printed another way (operators,
/// <see cref="Primitive.Emit"/>) are not bound by name. <c>SourceAD.Nonsmooth</c> binds <c>Relu</c> and
/// <c>LeakyRelu</c>, and <c>Abs</c>/<c>Max</c>/<c>Min</c> over scalars; its <c>Max</c>/<c>Min</c> over a span, and
/// <c>Enumerable.Max</c>/<c>Min</c> of a double or float array, are reductions.
/// Integer overloads (<c>Math.Max(int, int)</c>) bind to their row too: lowering prints them passively at their own
/// type; a caller that cares only about derivatives checks that the call is floating (<see cref="IsFloatingCall"/>).
/// </remarks>
internal static class PrimitiveBinding
{
    private const string NonsmoothType = "SourceAD.Nonsmooth";
    private const string EnumerableType = "System.Linq.Enumerable";

    /// <summary>Whether <paramref name="target"/> belongs to a numeric type whose methods bind to rows by name.</summary>
    public static bool IsNumericReceiver(IMethodSymbol target)
    {
        string containing = target.ContainingType?.ToDisplayString() ?? "";
        return containing is "System.Math" or "System.MathF" or "double" or "float" or "System.Half" ||
               target.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Numerics";
    }

    /// <summary>
    /// The row that a call of <paramref name="target"/> with arguments of <paramref name="argTypes"/> binds to, or null.
    /// </summary>
    public static string? Row(IMethodSymbol target, IReadOnlyList<ITypeSymbol?> argTypes)
    {
        if (IsNumericReceiver(target)) return NumericRow(target.Name, argTypes.Count);
        if (target.ContainingType?.ToDisplayString() != NonsmoothType) return null;
        if (target.Name is "Relu" or "LeakyRelu") return target.Name;
        return target.Name is "Abs" or "Max" or "Min" && argTypes.All(TypeClassifier.IsFloating) ? target.Name : null;
    }

    /// <summary>
    /// "Max" or "Min" when the call reduces many entries with the method's reduction tie rule (<c>Nonsmooth.Max(span)</c>,
    /// <c>values.Max()</c> of a double or float array); null otherwise.
    /// </summary>
    public static string? Reduction(IMethodSymbol target, IReadOnlyList<ITypeSymbol?> argTypes)
    {
        if (target.Name is not ("Max" or "Min") || argTypes.Count != 1) return null;
        string containing = target.ContainingType?.ToDisplayString() ?? "";
        if (containing == NonsmoothType) return target.Name;
        return containing == EnumerableType &&
               argTypes[0] is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single }
            ? target.Name
            : null;
    }

    /// <summary>Whether the call's value is floating, so that it has a derivative (integer Math.Abs has none).</summary>
    public static bool IsFloatingCall(IMethodSymbol target) => TypeClassifier.IsFloating(target.ReturnType);

    private static string? NumericRow(string name, int arity)
    {
        if (name == "Log" && arity == 2) return "LogBase";
        if (name == "Round" && arity != 1) return null;
        // Rows with an Emit form (operators, SourceAD.Nonsmooth functions) are not bound by method name.
        return PrimitiveTable.Rows.TryGetValue(name, out Primitive? p) && p.Arity == arity && p.Emit is null ? name : null;
    }
}
