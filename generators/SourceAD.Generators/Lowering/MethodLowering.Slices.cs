using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Spans and slices of arrays and spans: <c>x.AsSpan(start, length)</c>, <c>x.AsSpan(start)</c>, <c>s.Slice(…)</c> and
/// ranges <c>x[a..b]</c>. Passed to a helper they become <see cref="Slice"/> arguments, whose adjoint is the same slice
/// of the adjoint. A span local initialized with one (<c>var row = x.AsSpan(i * d, d);</c>, never reassigned) is an
/// alias: its start and length go into integer temporaries, and <c>row[j]</c> reads <c>x[start + j]</c> in place.
/// </summary>
internal sealed partial class MethodLowering
{
    private sealed record SliceAlias(string Array, bool ArrayBase, string ElementType, Expr Start, Expr Length);

    private readonly Dictionary<string, SliceAlias> _aliases = new();

    /// <summary>Declares a span local initialized with a slice as an alias; false when <paramref name="init"/> is not a slice.</summary>
    private bool TryLowerSliceAlias(IVariableDeclaratorOperation d, string name, IOperation init, List<Stmt> output)
    {
        if (d.Symbol.Type is IArrayTypeSymbol) return false;
        var parts = SliceParts(init);
        // A span-view helper's call (var c = GetCol(m, rows, i);) names the slice it returns (MethodLowering.SpanViews.cs).
        if (parts is null && !IsViewCall(init)) return false;
        if (parts is { IsRange: true } range && range.Source.Type is IArrayTypeSymbol)
        {
            Unsupported(init, "A range of an array in a local", "x[a..b] copies the array; use x.AsSpan(a, b - a) to read it in place");
            return true;
        }
        if (AssignedElsewhere(d.Symbol))
        {
            Unsupported(init, $"Reassigning the span '{d.Symbol.Name}'", "declare a new span local for each slice");
            return true;
        }
        Slice? resolved = parts is var (source, start, length, _)
            ? ResolveSlice(source, start, length, init)
            : AliasOf(init) is SliceAlias view && view.Array != "__invalid" ? new Slice(SpanType(view), view.Array, view.ArrayBase, view.Start, view.Length) : null;
        if (resolved is not Slice slice) return true;
        string startTemp = NewTemp(name + "Start", "int"), lengthTemp = NewTemp(name + "Length", "int");
        output.Add(new Assign(new Ref("int", startTemp), HoistCalls(slice.Start, output)));
        output.Add(new Assign(new Ref("int", lengthTemp), HoistCalls(slice.Length, output)));
        string element = TypeClassifier.Text(TypeClassifier.ElementOf(d.Symbol.Type, out _, out _)!);
        _aliases[name] = new SliceAlias(slice.Array, slice.ArrayBase, element, new Ref("int", startTemp), new Ref("int", lengthTemp));
        return true;
    }

    private bool AssignedElsewhere(ILocalSymbol local)
    {
        SyntaxNode? scope = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct).Parent?.Parent?.Parent;
        return scope is null || AssignmentsTo(local).Count > 0;
    }

    /// <summary>The values assigned to <paramref name="local"/> after its declaration (<c>local = value</c>), in source order.</summary>
    private List<IOperation> AssignmentsTo(ILocalSymbol local)
    {
        SyntaxNode? scope = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct).Parent?.Parent?.Parent;
        IOperation? op = scope is null ? null : ModelOf(scope.SyntaxTree).GetOperation(scope, _ct);
        if (op is null) return new List<IOperation>();
        return op.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>()
            .Where(a => a.Target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local))
            .Select(a => a.Value).ToList();
    }

    /// <summary>The array or span argument of a call: a whole variable (<see cref="Ref"/>) or a <see cref="Slice"/>.</summary>
    private Expr ArrayArgument(IOperation arg)
    {
        if (AllocatedArgument(arg) is Expr allocated) return allocated;
        IOperation inner = Unwrap(arg);
        if (SliceParts(inner) is var (source, start, length, isRange))
        {
            return (Expr?)ResolveSlice(source, start, length, arg) ?? new Lit("int", 0);
        }
        if (AliasOf(inner) is SliceAlias alias)
        {
            return new Slice(SpanType(alias), alias.Array, alias.ArrayBase, alias.Start, alias.Length);
        }
        string name = ArrayName(arg);
        return new Ref(TypeClassifier.Text(arg.Type!), name);
    }

    /// <summary><c>array[index]</c>, through an alias when the array is a slice local.</summary>
    private Expr ElementOf(string type, IOperation array, Expr index)
    {
        if (AliasOf(array) is SliceAlias alias)
        {
            return new Elem(type, alias.Array, E.Add(alias.Start, index));
        }
        return new Elem(type, ArrayName(array), index);
    }

    /// <summary><c>array.Length</c>, the alias's length for a slice local.</summary>
    private Expr LengthOf(IOperation array)
    {
        if (ViewLength(array) is Expr viewLength) return viewLength;
        if (AliasOf(array) is SliceAlias alias) return alias.Length;
        return new Len(ArrayName(array));
    }

    /// <summary>
    /// The slice a span local (or an inlined callee's parameter, MethodLowering.InlineHelpers.cs, a call of a span-view
    /// helper, MethodLowering.SpanViews.cs, or a ref struct's span field, MethodLowering.SpanStructs.cs) stands for; null
    /// for others.
    /// </summary>
    private SliceAlias? AliasOf(IOperation op) => Unwrap(op) switch
    {
        ILocalReferenceOperation l when _aliases.TryGetValue(DeclareLocal(l.Local), out SliceAlias? alias) => alias,
        ILocalReferenceOperation l when UnresolvedView(l) is SliceAlias invalid => invalid,
        IParameterReferenceOperation p when _names.TryGetValue(p.Parameter, out string? name) && _aliases.TryGetValue(name, out SliceAlias? alias) => alias,
        IInvocationOperation call when SliceParts(call) is { IsRange: false } parts => SliceView(parts.Source, parts.Start, parts.Length, call),
        // A range of a span (s[1..^1]) is a view of it, as Slice is; a range of an array copies (LowerArrayCopy).
        IImplicitIndexerReferenceOperation range when SliceParts(range) is { IsRange: true } parts && parts.Source.Type is not IArrayTypeSymbol =>
            SliceView(parts.Source, parts.Start, parts.Length, range),
        IInvocationOperation call => ViewCallAlias(call),
        IFieldReferenceOperation field => SpanFieldAlias(field),
        _ => null,
    };

    /// <summary>A span slice written in place (<c>GetCol(m, 3, i).Slice(1)[0]</c>, <c>x.AsSpan(k)[j]</c>) as an alias; an array range copies, so it is none.</summary>
    private SliceAlias? SliceView(IOperation source, IOperation? start, IOperation? length, IOperation whole) =>
        ResolveSlice(source, start, length, whole) is Slice s
            ? new SliceAlias(s.Array, s.ArrayBase, TypeClassifier.Text(TypeClassifier.ElementOf(whole.Type!, out _, out _)!), s.Start, s.Length)
            : new SliceAlias("__invalid", false, "double", new Lit("int", 0), new Lit("int", 0));

    private static IOperation Unwrap(IOperation op) => op switch
    {
        IConversionOperation c => Unwrap(c.Operand),
        IParenthesizedOperation p => Unwrap(p.Operand),
        _ => op,
    };

    /// <summary>The parts of a slice expression: its source, start and length (null: to the end), and whether it is a range.</summary>
    private static (IOperation Source, IOperation? Start, IOperation? Length, bool IsRange)? SliceParts(IOperation op)
    {
        op = Unwrap(op);
        switch (op)
        {
            case IInvocationOperation inv when inv.TargetMethod.Name == "AsSpan" && inv.TargetMethod.ContainingType?.ToDisplayString() == "System.MemoryExtensions" &&
                                               inv.Arguments.Length >= 1 && inv.Arguments.Skip(1).All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32):
            {
                var args = inv.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
                return (args[0], args.Count > 1 ? args[1] : null, args.Count > 2 ? args[2] : null, false);
            }
            case IInvocationOperation inv when inv.TargetMethod.Name == "Slice" && inv.Instance is not null &&
                                               TypeClassifier.ElementOf(inv.Instance.Type!, out bool span, out bool readOnly) is not null && (span || readOnly) &&
                                               inv.Arguments.All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32):
            {
                var args = inv.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
                return (inv.Instance, args[0], args.Count > 1 ? args[1] : null, false);
            }
            case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range } idx:
                return RangeParts(idx.Instance, range);
            case IArrayElementReferenceOperation { Indices.Length: 1 } elem when Unwrap(elem.Indices[0]) is IRangeOperation range:
                return RangeParts(elem.ArrayReference, range);
            default:
                return null;
        }
    }

    /// <summary>A range's start and end (null: from the start, to the end); the caller turns the end into a length.</summary>
    private static (IOperation, IOperation?, IOperation?, bool) RangeParts(IOperation source, IRangeOperation range) =>
        (source, range.LeftOperand, range.RightOperand, true);

    /// <summary>A range bound: the int inside its implicit conversion to System.Index.</summary>
    private static IOperation IndexValue(IOperation bound) =>
        bound is IConversionOperation { Type.Name: "Index" } c ? IndexValue(c.Operand) : bound is IParenthesizedOperation p ? IndexValue(p.Operand) : bound;

    /// <summary>Builds the <see cref="Slice"/> over a parameter, local array or (composed) alias; null after reporting.</summary>
    private Slice? ResolveSlice(IOperation source, IOperation? start, IOperation? second, IOperation whole)
    {
        bool isRange = Unwrap(whole) is IImplicitIndexerReferenceOperation or IArrayElementReferenceOperation;
        foreach (IOperation? bound in new[] { start, second })
        {
            // A range's bounds may count from the end (x[1..^1]); AsSpan/Slice take System.Index only through a range.
            if (!isRange && bound is not null && IndexValue(bound) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat })
            {
                Unsupported(whole, "An index from the end (^) in a slice", "write the start as x.Length - k");
                return null;
            }
        }
        Expr baseStart, baseLength;
        string array;
        bool arrayBase;
        string elementType;
        IOperation src = Unwrap(source);
        if (AliasOf(src) is SliceAlias alias)
        {
            (array, arrayBase, elementType, baseStart, baseLength) = (alias.Array, alias.ArrayBase, alias.ElementType, alias.Start, alias.Length);
        }
        else
        {
            array = ArrayName(source);
            ITypeSymbol? element = TypeClassifier.ElementOf(src.Type!, out _, out _);
            if (element is null || !_arrays.Contains(array))
            {
                // Never silently: a null here without a report would leave the slice local unassigned.
                Unsupported(whole, $"Slicing '{Short(source)}'", "slice an array or span parameter, a local array, or a span local of one");
                return null;
            }
            // The storage's own type decides how its slice is printed: an inlined helper's or span view's span
            // parameter may stand for the caller's T[] (and flat local arrays, stackalloc ones too, are T[]).
            arrayBase = src.Type is IArrayTypeSymbol || IsArrayStorage(array);
            elementType = TypeClassifier.Text(element);
            baseStart = new Lit("int", 0);
            baseLength = new Len(array);
        }
        // ^k is the source's length minus k, as System.Index.GetOffset computes it.
        Expr Bound(IOperation bound) => IndexValue(bound) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat
            ? E.Sub(baseLength, LowerExpr(hat.Operand))
            : LowerExpr(IndexValue(bound));
        Expr s = start is null ? new Lit("int", 0) : Bound(start);
        Expr length;
        if (isRange)
        {
            Expr end = second is null ? baseLength : Bound(second);
            length = E.Sub(end, s);
        }
        else
        {
            length = second is null ? E.Sub(baseLength, s) : LowerExpr(second);
        }
        string spanType = $"global::System.ReadOnlySpan<{elementType}>";
        return new Slice(spanType, array, arrayBase, E.Add(baseStart, s), length);
    }

    /// <summary>Whether the variable <paramref name="name"/> is a T[] in the generated code: a flat local array or an array parameter.</summary>
    private bool IsArrayStorage(string name) =>
        _locals.Any(l => l.Name == name && l.IsArray && l.Layout == Model.ArrayLayout.Flat) ||
        _method.Parameters.Any(p => p.Type is IArrayTypeSymbol && _names.TryGetValue(p, out string? n) && n == name);

    private static string SpanType(SliceAlias alias) => $"global::System.ReadOnlySpan<{alias.ElementType}>";
}
