using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>Array.Copy</c>, <c>CopyTo</c>, <c>Fill</c>, <c>Clear</c> and <c>Reverse</c> on arrays, spans and slices, as statements. Each
/// becomes the counted loop it stands for (<c>dst[d + i] = src[s + i]</c>, <c>a[i] = v</c>), so both modes, the
/// to-be-recorded analysis and activity treat it like any other loop.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>A whole array or span, or a slice of one; <see cref="Source"/> is the argument it was read from (a Ref or Slice).</summary>
    private sealed record ArrayView(string Array, Expr Start, Expr Length, string ElementType, Expr? Source = null);

    private bool TryLowerArrayHelper(IInvocationOperation call, List<Stmt> output)
    {
        IMethodSymbol m = call.TargetMethod;
        string containing = m.ContainingType?.ToDisplayString() ?? "";
        var args = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        bool spanInstance = call.Instance is not null && TypeClassifier.ElementOf(call.Instance.Type!, out bool isSpan, out bool isReadOnly) is not null && (isSpan || isReadOnly);
        switch (m.Name)
        {
            case "Fill" when containing == "System.Array" && args.Count == 2:
                return Fill(call, View(args[0]), args[1], output);
            case "Fill" when spanInstance && args.Count == 1:
                return Fill(call, View(call.Instance!), args[0], output);
            case "Clear" when containing == "System.Array" && args.Count is 1 or 3:
            {
                ArrayView? view = View(args[0]);
                if (view is not null && args.Count == 3) view = view with { Start = E.Add(view.Start, LowerExpr(args[1])), Length = LowerExpr(args[2]) };
                return Fill(call, view, null, output);
            }
            case "Clear" when spanInstance && args.Count == 0:
                return Fill(call, View(call.Instance!), null, output);
            case "Copy" when containing == "System.Array" && args.Count is 3 or 5 &&
                             (args.Count == 3 ? new[] { args[2] } : new[] { args[1], args[3], args[4] }).All(a => a.Type?.SpecialType == SpecialType.System_Int32):
            {
                ArrayView? source = View(args[0]), destination = View(args[args.Count == 3 ? 1 : 2]);
                if (source is null || destination is null) return Refuse(call);
                Expr length = LowerExpr(args[args.Count - 1]);
                if (args.Count == 5)
                {
                    source = source with { Start = E.Add(source.Start, LowerExpr(args[1])) };
                    destination = destination with { Start = E.Add(destination.Start, LowerExpr(args[3])) };
                }
                return Copy(call, source, destination, length, output);
            }
            case "CopyTo" when containing == "System.MemoryExtensions" && args.Count == 2:
            {
                ArrayView? source = View(args[0]), destination = View(args[1]);
                return source is null || destination is null ? Refuse(call) : Copy(call, source, destination, source.Length, output);
            }
            case "CopyTo" when containing == "System.Array" && call.Instance is not null && args.Count == 2 && args[1].Type?.SpecialType == SpecialType.System_Int32:
            {
                // array.CopyTo(destination, index): the whole array into destination[index …].
                ArrayView? source = View(call.Instance), destination = View(args[0]);
                if (source is null || destination is null) return Refuse(call);
                return Copy(call, source, destination with { Start = E.Add(destination.Start, LowerExpr(args[1])) }, source.Length, output);
            }
            case "CopyTo" when spanInstance && args.Count == 1:
            {
                ArrayView? source = View(call.Instance!), destination = View(args[0]);
                return source is null || destination is null ? Refuse(call) : Copy(call, source, destination, source.Length, output);
            }
            case "Sort" when containing is "System.Array" or "System.MemoryExtensions" && args.Count == 1 && m.TypeArguments.Length <= 1 &&
                             View(args[0]) is ArrayView sorted && TypeClassifier.IsFloating(args[0].Type is IArrayTypeSymbol at ? at.ElementType : m.TypeArguments.FirstOrDefault()):
                return Sort(call, sorted, output);
            case "Sort" when containing == "System.Array" && args.Count >= 2 && args.Any(a => a.Type is IArrayTypeSymbol { ElementType: var e } && TypeClassifier.IsFloating(e)):
                // Array.Sort(keys, items), a range or a comparer: only the one-array sort has rules (SortRules). The
                // call would otherwise reach the vector-call refusal, whose rewrite (mark the callee) a BCL method cannot take.
                Unsupported(call, $"The call '{Short(call)}'", "sort one array or slice of floating values by itself (Array.Sort(copy) on a local copy, copy.AsSpan(i, n).Sort()), or find the order in a loop");
                return true;
            case "Reverse" when containing == "System.Array" && (args.Count == 1 || args.Count == 3 && args[1].Type?.SpecialType == SpecialType.System_Int32):
            {
                ArrayView? view = View(args[0]);
                if (view is not null && args.Count == 3) view = view with { Start = E.Add(view.Start, LowerExpr(args[1])), Length = LowerExpr(args[2]) };
                return view is null ? Refuse(call) : Reverse(call, view, output);
            }
            case "Reverse" when containing == "System.MemoryExtensions" && args.Count == 1:
                return View(args[0]) is ArrayView reversed ? Reverse(call, reversed, output) : Refuse(call);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>Array.Reverse(a)</c>, <c>Array.Reverse(a, index, length)</c>, <c>span.Reverse()</c>: a copy of the entries, then
    /// <c>view[i] = copy[n − 1 − i]</c>. Two plain copy loops rather than in-place swaps, so each element is written once
    /// and the reverse sweep needs nothing recorded beyond what a copy needs.
    /// </summary>
    private bool Reverse(IInvocationOperation call, ArrayView view, List<Stmt> output)
    {
        if (!Writable(call, view.Array)) return true;
        string et = view.ElementType;
        Expr start = Start(view, output);
        var length = new Ref("int", NewTemp("length", "int"));
        output.Add(new Assign(length, HoistCalls(view.Length, output)));
        string copy = NewTemp("forward", et + "[]", isArray: true, elementType: et);
        _arrays.Add(copy);
        output.Add(new NewArray(copy, et, length));
        Loop(length, i => new Assign(new Elem(et, copy, i), new Elem(et, view.Array, E.Add(start, i))), output);
        Loop(length, i => new Assign(new Elem(et, view.Array, E.Add(start, i)), new Elem(et, copy, E.Sub(E.Sub(length, i), new Lit("int", 1)))), output);
        return true;
    }

    /// <summary>
    /// <c>Array.Sort(a)</c>, <c>span.Sort()</c> on floating values: a copy of the entries, then the vector call
    /// <c>SourceAD.SortRules.Sort(copy, a)</c> whose rules move each derivative with its value (a permutation). The copy
    /// is the call's input, so the reverse sweep has the unsorted values without recording them.
    /// </summary>
    private bool Sort(IInvocationOperation call, ArrayView view, List<Stmt> output)
    {
        if (!Writable(call, view.Array)) return true;
        string et = view.ElementType;
        // The view's start and length are evaluated once, here; the call then sorts exactly that view.
        Expr start = Start(view, output);
        var length = new Ref("int", NewTemp("length", "int"));
        output.Add(new Assign(length, HoistCalls(view.Length, output)));
        Expr destination = view.Source is Slice slice ? slice with { Start = start, Length = length } : view.Source!;
        string unsorted = NewTemp("unsorted", et + "[]", isArray: true, elementType: et);
        _arrays.Add(unsorted);
        output.Add(new NewArray(unsorted, et, length));
        Loop(length, i => new Assign(new Elem(et, unsorted, i), new Elem(et, view.Array, E.Add(start, i))), output);
        const string Rules = "global::SourceAD.SortRules";
        var target = new CallTarget(Rules, "Sort", "<" + et + ">",
            EquatableArray.Of(new ParamShape("x", ParamKind.RealReadOnlySpan, true), new ParamShape("y", ParamKind.RealSpanOutput, true)),
            Rules, "SortPullback", Rules, "SortPushforward");
        output.Add(new CallStmt(new Call("void", target, EquatableArray.Of<Expr>(new Ref(et + "[]", unsorted), destination))));
        return true;
    }

    /// <summary>
    /// <c>var c = (double[])a.Clone();</c>, <c>a.ToArray()</c> (LINQ's, over an array), <c>span.ToArray()</c> and a range
    /// of an array (<c>a[1..^1]</c>, which C# evaluates to a new array): a fresh array holding a copy of the elements, as
    /// <c>new T[n]</c> followed by the copy loop, so the copy is a local array like any other (edited in place, sorted,
    /// read), and later writes to either array never show in the other. False for any other initializer.
    /// </summary>
    private bool LowerArrayCopy(string name, IOperation init, List<Stmt> output)
    {
        IOperation? source = CopySource(init);
        if (source is null) return false;
        if (View(source) is not ArrayView view)
        {
            Unsupported(init, $"Copying '{Short(source)}'", "copy an array or span parameter, a local array, or a slice of one");
            return true;
        }
        Expr start = Start(view, output);
        string length = NewTemp("length", "int");
        output.Add(new Assign(new Ref("int", length), HoistCalls(view.Length, output)));
        output.Add(new NewArray(name, view.ElementType, new Ref("int", length), EquatableArray<Expr>.Empty, null, false));
        Loop(new Ref("int", length), i => new Assign(new Elem(view.ElementType, name, i), new Elem(view.ElementType, view.Array, E.Add(start, i))), output);
        return true;
    }

    /// <summary>What an array-copying initializer copies (<see cref="LowerArrayCopy"/>), else null.</summary>
    private static IOperation? CopySource(IOperation init) => Unwrap(init) switch
    {
        IInvocationOperation { TargetMethod.Name: "Clone", Arguments.Length: 0, Instance: { Type: IArrayTypeSymbol { Rank: 1 } } array } => array,
        IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0, Instance: { Type: { } t } span }
            when TypeClassifier.ElementOf(t, out bool isSpan, out bool isReadOnly) is not null && (isSpan || isReadOnly) => span,
        IInvocationOperation { TargetMethod.Name: "ToArray", Instance: null, Arguments.Length: 1 } linq
            when IsEnumerable(linq.TargetMethod) && Unwrap(linq.Arguments[0].Value).Type is IArrayTypeSymbol { Rank: 1 } => Unwrap(linq.Arguments[0].Value),
        // The range itself is the source: its view (ArrayArgument) is the slice the copy reads.
        IOperation range when IsArrayRange(range) => range,
        _ => null,
    };

    /// <summary><c>a[i..j]</c> of a one-dimensional array (a copy in C#; a range of a span is a view).</summary>
    private static bool IsArrayRange(IOperation op) =>
        SliceParts(op) is { IsRange: true } parts && Unwrap(parts.Source).Type is IArrayTypeSymbol { Rank: 1 };

    /// <summary>
    /// <c>var c = (double[,])m.Clone();</c> of a rectangular array parameter or local: <c>new T[rows, cols]</c> and the
    /// nested copy loop, as <see cref="LowerArrayCopy"/> does for one dimension. False for any other initializer.
    /// </summary>
    private bool LowerMatrixClone(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod.Name: "Clone", Arguments.Length: 0, Instance: { Type: IArrayTypeSymbol { Rank: 2 } type } source }) return false;
        if (Unwrap(source) is not (ILocalReferenceOperation or IParameterReferenceOperation))
        {
            Unsupported(init, $"Cloning '{Short(source)}'", "clone a rectangular array parameter or local array");
            return true;
        }
        string from = ArrayName(Unwrap(source)), et = TypeClassifier.Text(type.ElementType);
        if (from == "__invalid") return true;
        var rows = new Ref("int", NewTemp("rows", "int"));
        var cols = new Ref("int", NewTemp("cols", "int"));
        output.Add(new Assign(rows, new Len(from, new Lit("int", 0))));
        output.Add(new Assign(cols, new Len(from, new Lit("int", 1))));
        output.Add(new NewArray(name, et, rows, EquatableArray.Of<Expr>(cols)));
        var i = new Ref("int", NewTemp("i", "int"));
        var j = new Ref("int", NewTemp("j", "int"));
        var copy = new Assign(new Elem(et, name, i, EquatableArray.Of<Expr>(j)), new Elem(et, from, i, EquatableArray.Of<Expr>(j)));
        var inner = new For(j.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, j, cols), 1, EquatableArray.Of<Stmt>(copy));
        output.Add(new For(i.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, i, rows), 1, EquatableArray.Of<Stmt>(inner)));
        return true;
    }

    private bool Refuse(IInvocationOperation call)
    {
        Unsupported(call, $"The call '{Short(call)}'", "copy, fill or clear whole arrays, spans or slices of parameters and local arrays");
        return true;
    }

    /// <summary>An array, span or slice variable as a view; null (reported) for anything else.</summary>
    private ArrayView? View(IOperation op)
    {
        ITypeSymbol? element = op.Type is null ? null : TypeClassifier.ElementOf(op.Type, out _, out _);
        if (element is null && Unwrap(op).Type is ITypeSymbol inner) element = TypeClassifier.ElementOf(inner, out _, out _);
        if (element is null) return null;
        Expr arg = ArrayArgument(op);
        return arg switch
        {
            Ref r => new ArrayView(r.Name, new Lit("int", 0), new Len(r.Name), TypeClassifier.Text(element), r),
            Slice s => new ArrayView(s.Array, s.Start, s.Length, TypeClassifier.Text(element), s),
            _ => null,
        };
    }

    /// <summary><c>for (i = 0; i &lt; length; i++) view[i] = value</c> (zero when <paramref name="value"/> is null), the value evaluated once.</summary>
    private bool Fill(IInvocationOperation call, ArrayView? view, IOperation? value, List<Stmt> output)
    {
        if (view is null) return Refuse(call);
        if (!Writable(call, view.Array)) return true;
        Expr v = new Lit(view.ElementType, 0);
        if (value is not null)
        {
            string temp = NewTemp("fill", view.ElementType);
            Expr lowered = HoistCalls(LowerExpr(value), output);
            output.Add(new Assign(new Ref(view.ElementType, temp), lowered.Type == view.ElementType ? lowered : new Conv(view.ElementType, lowered)));
            v = new Ref(view.ElementType, temp);
        }
        Expr start = Start(view, output);
        Loop(view.Length, i => new Assign(new Elem(view.ElementType, view.Array, E.Add(start, i)), v), output);
        return true;
    }

    /// <summary><c>for (i = 0; i &lt; length; i++) destination[i] = source[i]</c>.</summary>
    private bool Copy(IInvocationOperation call, ArrayView source, ArrayView destination, Expr length, List<Stmt> output)
    {
        if (!Writable(call, destination.Array)) return true;
        Expr sourceStart = Start(source, output), destinationStart = Start(destination, output);
        Stmt Move(Expr i) => new Assign(new Elem(destination.ElementType, destination.Array, E.Add(destinationStart, i)),
            new Elem(source.ElementType, source.Array, E.Add(sourceStart, i)));
        if (source.Array != destination.Array)
        {
            Loop(length, Move, output);
            return true;
        }
        // Within one array (a shift register: Array.Copy(h, 0, h, 1, n - 1)), Array.Copy and CopyTo copy as if through a
        // buffer, so the ranges may overlap: copying forward is that when the destination starts at or before the source,
        // and copying backward is that when it starts after (each element is read before it is overwritten).
        string count = NewTemp("count", "int"), i = NewTemp("i", "int");
        output.Add(new Assign(new Ref("int", count), HoistCalls(length, output)));
        var index = new Ref("int", i);
        var forward = new For(i, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, index, new Ref("int", count)), 1, EquatableArray.Of(Move(index)));
        var backward = new For(i, E.Sub(new Ref("int", count), new Lit("int", 1)), new Bin("bool", BinaryOp.GreaterThanOrEqual, index, new Lit("int", 0)), -1, EquatableArray.Of(Move(index)));
        if (destinationStart is Lit { Value: var d } && sourceStart is Lit { Value: var s })
            output.Add(d <= s ? forward : backward); // both constant: a branch on them would be unreachable code (CS0162)
        else
            output.Add(new If(new Bin("bool", BinaryOp.LessThanOrEqual, destinationStart, sourceStart), EquatableArray.Of<Stmt>(forward), EquatableArray.Of<Stmt>(backward)));
        return true;
    }

    private bool Writable(IInvocationOperation call, string array)
    {
        if (!_readOnlyArrays.Contains(array)) return true;
        Unsupported(call, $"Writing to the input array '{array}'", "inputs are read-only here: copy into a local array, or declare the parameter Span<T> to make it an output");
        return false;
    }

    /// <summary>The view's start, in an integer temporary unless it is a constant (evaluated once, as C# does).</summary>
    private Expr Start(ArrayView view, List<Stmt> output)
    {
        if (view.Start is Lit or Ref) return view.Start;
        string temp = NewTemp("start", "int");
        output.Add(new Assign(new Ref("int", temp), HoistCalls(view.Start, output)));
        return new Ref("int", temp);
    }

    /// <summary>A counted loop of <paramref name="count"/> iterations over a fresh index.</summary>
    private void Loop(Expr count, System.Func<Expr, Stmt> body, List<Stmt> output)
    {
        string n = NewTemp("count", "int"), i = NewTemp("i", "int");
        output.Add(new Assign(new Ref("int", n), HoistCalls(count, output)));
        output.Add(new For(i, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, new Ref("int", i), new Ref("int", n)), 1, EquatableArray.Of(body(new Ref("int", i)))));
    }
}
