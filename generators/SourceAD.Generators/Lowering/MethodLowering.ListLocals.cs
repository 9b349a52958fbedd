using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A local <c>List&lt;T&gt;</c> of a floating T, filled with <c>Add</c> and read back: <c>var terms = new
/// List&lt;double&gt;(); … terms.Add(w * x[i]); … return terms.Sum();</c>. It is what <c>List&lt;T&gt;</c> is: an array
/// and a count. The array is a local array of the IR, so every element keeps its derivative in both modes; the count
/// is a passive int. <c>Add</c> writes the next slot and, when the array is full, grows it: a fresh array of twice the
/// length takes the elements, through a scratch array, so growth is two allocations and two copy loops the existing
/// reallocation rules already differentiate (each replaced array and its adjoint are recorded for the reverse sweep).
/// Why not a new IR statement for "resize": every traversal, analysis and emitter would need it, for a pattern these
/// loops already express.
/// <para>
/// Lowered: <c>new List&lt;T&gt;()</c>, <c>new(capacity)</c>, <c>new(array)</c>, collection initializers and collection
/// expressions; <c>Add</c>, <c>AddRange</c> of an array or another list local, <c>Clear</c>; <c>list[i]</c> read and
/// written (an index outside the count throws <c>ArgumentOutOfRangeException</c>, as the list does); <c>Count</c>;
/// <c>foreach</c>; <c>ToArray()</c> into a local array; and the LINQ queries the aggregates take, with the list as their
/// source (a window of the array of the count's length, MethodLowering.LinqSelectors.cs). Anything else (Insert,
/// Remove, Sort, passing the list to a method, reassigning it, changing it inside a foreach over it) is refused with
/// the rewrite.
/// </para>
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>A list local: its array, its count, its element type, and the scratch array growth copies through.</summary>
    private sealed record ListLocal(string Name, string Array, Ref Count, string Element)
    {
        public string? Scratch { get; set; }
    }

    private readonly Dictionary<ILocalSymbol, ListLocal> _listLocals = new(SymbolEqualityComparer.Default);

    /// <summary>The floating T of a local's <c>List&lt;T&gt;</c> type; null for anything else.</summary>
    private static ITypeSymbol? ListLocalElement(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } n && TypeClassifier.IsFloating(n.TypeArguments[0]) &&
        n.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>"
            ? n.TypeArguments[0]
            : null;

    /// <summary>The list local <paramref name="op"/> names (through conversions to IEnumerable&lt;T&gt;); null for anything else.</summary>
    private ListLocal? ListLocalOf(IOperation? op) =>
        _listLocals.Count > 0 && op is not null && Unwrap(op) is ILocalReferenceOperation l && _listLocals.TryGetValue(l.Local, out ListLocal? list) ? list : null;

    /// <summary><c>var list = new List&lt;double&gt;(…) { … };</c> or <c>List&lt;double&gt; list = [ … ];</c>; false for other locals.</summary>
    private bool TryDeclareListLocal(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (ListLocalElement(d.Symbol.Type) is not ITypeSymbol element) return false;
        string et = TypeClassifier.Text(element);
        string name = Name(d.Symbol, d.Symbol.Name);
        if (!_locals.Any(l => l.Name == name)) _locals.Add(new Local(name, et + "[]", true, et, ArrayLayout.Flat));
        _arrays.Add(name);
        var list = new ListLocal(d.Symbol.Name, name, new Ref("int", NewTemp(name + "_count", "int")), et);
        _listLocals[d.Symbol] = list;
        if (init is null)
        {
            Unsupported(d, $"The List<{Display(element)}> local '{d.Symbol.Name}' declared without a value", $"create it where it is declared: var {d.Symbol.Name} = new List<{Display(element)}>();");
            return true;
        }
        using (Sink(output))
        {
            switch (Unwrap(init))
            {
                case IObjectCreationOperation create when create.Arguments.Length == 0 ||
                                                          create.Arguments.Length == 1 && create.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32:
                {
                    // new List<double>(capacity): the capacity only sizes the first array, as it does the list's.
                    Expr capacity = create.Arguments.Length == 0 ? new Lit("int", 0) : HoistCalls(LowerExpr(create.Arguments[0].Value), output);
                    if (capacity is not Lit)
                    {
                        output.Add(new If(E.Cmp(BinaryOp.LessThan, capacity, new Lit("int", 0)), EquatableArray.Of<Stmt>(
                            new ThrowStmt("throw new global::System.ArgumentOutOfRangeException(\"capacity\", \"Non-negative number required.\");")), EquatableArray<Stmt>.Empty));
                    }
                    output.Add(new NewArray(name, et, capacity));
                    output.Add(new Assign(list.Count, new Lit("int", 0)));
                    if (create.Initializer is { } initializer)
                    {
                        foreach (IOperation item in initializer.Initializers)
                        {
                            if (item is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add) ListAdd(list, add.Arguments[0].Value, output);
                            else Unsupported(item, $"The initializer '{Short(item)}' of the List<> local '{d.Symbol.Name}'", "list the values: new List<double> { a, b }");
                        }
                    }
                    return true;
                }
                case IObjectCreationOperation { Arguments.Length: 1, Initializer: null } copy when ListSource(copy.Arguments[0].Value) is var (array, count):
                {
                    // new List<double>(xs): a copy of the array's (or another list's) elements.
                    output.Add(new NewArray(name, et, count));
                    output.Add(new Assign(list.Count, count));
                    CopyLoop(name, array, et, count, output);
                    return true;
                }
                case ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation):
                    output.Add(new NewArray(name, et, new Lit("int", collection.Elements.Length)));
                    output.Add(new Assign(list.Count, new Lit("int", 0)));
                    foreach (IOperation item in collection.Elements) ListAdd(list, item, output);
                    return true;
                default:
                    Unsupported(init, $"The List<{Display(element)}> value '{Short(init)}'",
                        $"create the list here (new List<{Display(element)}>(), new(capacity), new(array), {{ a, b }} or [a, b]) and fill it with Add");
                    return true;
            }
        }

        static string Display(ITypeSymbol t) => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }

    /// <summary>The elements an <c>AddRange</c> or <c>new List(…)</c> copies: a 1-D array of numbers, or another list local, with its count.</summary>
    private (string Array, Expr Count)? ListSource(IOperation op)
    {
        if (ListLocalOf(op) is ListLocal other) return (other.Array, other.Count);
        IOperation source = Unwrap(op);
        if (source.Type is IArrayTypeSymbol { Rank: 1 } arrayType && TypeClassifier.IsFloating(arrayType.ElementType) &&
            source is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation)
        {
            string array = ArrayName(source);
            return array == "__invalid" ? null : (array, new Len(array));
        }
        return null;
    }

    private void CopyLoop(string to, string from, string et, Expr count, List<Stmt> output, Expr? offset = null)
    {
        var k = new Ref("int", NewTemp("k", "int"));
        Expr at = offset is null ? k : new Bin("int", BinaryOp.Add, offset, k);
        output.Add(new For(k.Name, new Lit("int", 0), E.Cmp(BinaryOp.LessThan, k, count), 1,
            EquatableArray.Of<Stmt>(new Assign(new Elem(et, to, at), E.To(et, new Elem(et, from, k))))));
    }

    /// <summary>
    /// <c>list.Add(value)</c>: grow the array when it is full (to twice its length, 4 when empty), then write the slot at
    /// the count and count it. Growth copies through a scratch array: the list's own array is then reallocated under its
    /// one name, which the reverse sweep already undoes by restoring the replaced array and its adjoint.
    /// </summary>
    private void ListAdd(ListLocal list, IOperation valueOp, List<Stmt> output)
    {
        using (Sink(output))
        {
            Expr value = HoistCalls(E.To(list.Element, LowerExpr(valueOp)), output);
            EnsureListCapacity(list, new Bin("int", BinaryOp.Add, list.Count, new Lit("int", 1)), output);
            output.Add(new Assign(new Elem(list.Element, list.Array, list.Count), value));
            output.Add(new Assign(list.Count, new Bin("int", BinaryOp.Add, list.Count, new Lit("int", 1))));
        }
    }

    /// <summary>Grows <paramref name="list"/>'s array to hold <paramref name="needed"/> elements: doubling, at least 4, at least what is needed.</summary>
    private void EnsureListCapacity(ListLocal list, Expr needed, List<Stmt> output)
    {
        list.Scratch ??= NewTemp(list.Array + "_grown", list.Element + "[]", isArray: true, elementType: list.Element);
        _arrays.Add(list.Scratch);
        var capacity = new Ref("int", NewTemp("capacity", "int"));
        Expr length = new Len(list.Array);
        Expr doubled = new Cond("int", E.Cmp(BinaryOp.Equal, length, new Lit("int", 0)), new Lit("int", 4), new Bin("int", BinaryOp.Multiply, length, new Lit("int", 2)));
        var grow = new List<Stmt>
        {
            new Assign(capacity, doubled),
            new If(E.Cmp(BinaryOp.LessThan, capacity, needed), EquatableArray.Of<Stmt>(new Assign(capacity, needed)), EquatableArray<Stmt>.Empty),
            new NewArray(list.Scratch, list.Element, capacity),
        };
        CopyLoop(list.Scratch, list.Array, list.Element, list.Count, grow);
        grow.Add(new NewArray(list.Array, list.Element, capacity));
        CopyLoop(list.Array, list.Scratch, list.Element, list.Count, grow);
        output.Add(new If(E.Cmp(BinaryOp.LessThan, length, needed), grow.ToEquatable(), EquatableArray<Stmt>.Empty));
    }

    /// <summary><c>list = …</c> after the declaration: refused at the assignment (the count and the array are the declaration's).</summary>
    private bool RefuseListLocalAssignment(IOperation op)
    {
        if (op is not IAssignmentOperation { Target: ILocalReferenceOperation target } || !_listLocals.TryGetValue(target.Local, out ListLocal? list)) return false;
        Unsupported(op, $"Reassigning the List<> local '{list.Name}'", $"declare it once and empty it with {list.Name}.Clear()");
        return true;
    }

    /// <summary><c>list.Add(v)</c>, <c>list.AddRange(xs)</c>, <c>list.Clear()</c> as statements; other calls on a list local are refused. False when <paramref name="op"/> is no call on one.</summary>
    private bool LowerListLocalCall(IOperation op, List<Stmt> output)
    {
        if (op is not IInvocationOperation call || ListLocalOf(call.Instance) is not ListLocal list) return false;
        switch (call.TargetMethod.Name)
        {
            case "Add" when call.Arguments.Length == 1:
                ListAdd(list, call.Arguments[0].Value, output);
                return true;
            case "AddRange" when call.Arguments.Length == 1 && ListSource(call.Arguments[0].Value) is var (array, count):
            {
                using (Sink(output))
                {
                    var n = new Ref("int", NewTemp("added", "int"));
                    output.Add(new Assign(n, count));
                    EnsureListCapacity(list, new Bin("int", BinaryOp.Add, list.Count, n), output);
                    CopyLoop(list.Array, array, list.Element, n, output, offset: list.Count);
                    output.Add(new Assign(list.Count, new Bin("int", BinaryOp.Add, list.Count, n)));
                }
                return true;
            }
            case "Clear" when call.Arguments.Length == 0:
                // The elements stay in the array, past the count, where nothing reads them (List<double> does the same).
                output.Add(new Assign(list.Count, new Lit("int", 0)));
                return true;
            default:
                Unsupported(op, $"Calling '{call.TargetMethod.Name}' on the List<> local '{list.Name}'", ListLocalRewrite(list));
                return true;
        }
    }

    /// <summary>
    /// Reads of a list local: <c>list[i]</c> (checked against the count, as the list checks it) and <c>list.Count</c>.
    /// Any other use of it as a value (passing it to a method, a call on it in an expression, the list itself) is
    /// refused; null when <paramref name="op"/> involves no list local directly.
    /// </summary>
    private Expr? LowerListLocalRead(IOperation op, string type)
    {
        switch (op)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } idx when ListLocalOf(idx.Instance) is ListLocal list:
                return E.To(type, ListElementAt(list, HoistCalls(LowerExpr(idx.Arguments[0].Value), _sink)));
            case IImplicitIndexerReferenceOperation { Argument: var index } idx when ListLocalOf(idx.Instance) is ListLocal list:
                // list[^k] is list[list.Count - k]; a range (list[a..b]) is a new list.
                return IsHat(index)
                    ? E.To(type, ListElementAt(list, HoistCalls(E.Sub(list.Count, LowerExpr(((IUnaryOperation)Unwrap(index)).Operand)), _sink)))
                    : Refuse(op, type, $"The range '{Short(op)}' of the List<> local '{list.Name}'", ListLocalRewrite(list));
            case IPropertyReferenceOperation { Property.Name: "Count", Property.IsIndexer: false } count when ListLocalOf(count.Instance) is ListLocal list:
                return E.To(type, list.Count);
            case IPropertyReferenceOperation or IInvocationOperation when RangeOfList(op) is var (ranged, list):
                return Refuse(op, type, $"The range '{Short(ranged)}' of the List<> local '{list.Name}'", ListLocalRewrite(list));
            case IPropertyReferenceOperation property when ListLocalOf(property.Instance) is ListLocal list:
                return Refuse(op, type, $"Reading '{property.Property.Name}' of the List<> local '{list.Name}'", ListLocalRewrite(list));
            case IInvocationOperation call when ListLocalOf(call.Instance) is ListLocal list:
                return Refuse(op, type, $"Calling '{call.TargetMethod.Name}' on the List<> local '{list.Name}'", ListLocalRewrite(list));
            case IInvocationOperation call when !IsEnumerable(call.TargetMethod) && call.Arguments.FirstOrDefault(a => ListLocalOf(a.Value) is not null) is IArgumentOperation arg:
            {
                ListLocal list = ListLocalOf(arg.Value)!;
                return Refuse(op, type, $"Passing the List<> local '{list.Name}' to '{call.TargetMethod.Name}'", ListLocalRewrite(list));
            }
            case ILocalReferenceOperation local when _listLocals.TryGetValue(local.Local, out ListLocal? list):
                return Refuse(op, type, $"Using the List<> local '{list.Name}' other than by {list.Name}[i], {list.Name}.Count, foreach, Add, AddRange, Clear, ToArray or a LINQ aggregate", ListLocalRewrite(list));
            default:
                return null;
        }
    }

    /// <summary>The element at <paramref name="index"/>, after the list's own check of it against the count (the array past the count holds stale values or zeros).</summary>
    private Elem ListElementAt(ListLocal list, Expr index)
    {
        if (index is not Ref and not Lit)
        {
            var at = new Ref("int", NewTemp("at", "int"));
            _sink.Add(new Assign(at, index));
            index = at;
        }
        _sink.Add(new If(new Bin("bool", BinaryOp.ConditionalOr, E.Cmp(BinaryOp.LessThan, index, new Lit("int", 0)), E.Cmp(BinaryOp.GreaterThanOrEqual, index, list.Count)),
            EquatableArray.Of<Stmt>(new ThrowStmt("throw new global::System.ArgumentOutOfRangeException(\"index\", \"Index was out of range. Must be non-negative and less than the size of the collection.\");")),
            EquatableArray<Stmt>.Empty));
        return new Elem(list.Element, list.Array, index);
    }

    /// <summary><c>double[] a = list.ToArray();</c>: a fresh array of the count's length with the list's elements.</summary>
    private bool LowerListToArray(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0 } call || ListLocalOf(call.Instance) is not ListLocal list) return false;
        _arrays.Add(name);
        output.Add(new NewArray(name, list.Element, list.Count));
        CopyLoop(name, list.Array, list.Element, list.Count, output);
        return true;
    }

    /// <summary>
    /// <c>foreach (var v in list)</c>: the loop over the count. A body that changes the list is refused: .NET throws
    /// InvalidOperationException at the next element, and a loop over the count would run on instead.
    /// </summary>
    private bool ForEachOverListLocal(IForEachLoopOperation loop, List<Stmt> output)
    {
        if (ListLocalOf(loop.Collection) is not ListLocal list) return false;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation control || control.Symbol.IsRef || !IsNumber(control.Symbol.Type))
        {
            Unsupported(loop.Collection, $"This foreach over the List<> local '{list.Name}'", $"foreach (double v in {list.Name}) or for (int i = 0; i < {list.Name}.Count; i++)");
            return true;
        }
        if (loop.Body.Descendants().FirstOrDefault(o => ChangesList(o, list)) is IOperation change)
        {
            Unsupported(change, $"Changing the List<> local '{list.Name}' inside a foreach over it", $".NET throws InvalidOperationException there; loop with for (int i = 0; i < {list.Name}.Count; i++) instead");
            return true;
        }
        using (Sink(output)) ForEachLoop(new LinqQuery(new List<LinqStage>(), false, list.Count, list.Element, list.Element, list.Array, null, null), control, loop.Body);
        return true;
    }

    /// <summary>Whether <paramref name="op"/> changes <paramref name="list"/>: a call on it other than a read, or a write to an element (the indexer's setter counts as a change in .NET too).</summary>
    private bool ChangesList(IOperation op, ListLocal list) => op switch
    {
        IInvocationOperation call => ListLocalOf(call.Instance) == list,
        IAssignmentOperation assign => IsListElement(assign.Target, list),
        IIncrementOrDecrementOperation inc => IsListElement(inc.Target, list),
        _ => false,
    };

    /// <summary>The receiver of a member access when it is a range of a list local (<c>list[1..].Count</c>), with the list.</summary>
    private (IOperation Range, ListLocal List)? RangeOfList(IOperation op)
    {
        IOperation? instance = op switch { IPropertyReferenceOperation p => p.Instance, IInvocationOperation c => c.Instance, _ => null };
        return instance is not null && Unwrap(instance) is IImplicitIndexerReferenceOperation { Argument: { } index } ranged && !IsHat(index) && ListLocalOf(ranged.Instance) is ListLocal list
            ? (ranged, list)
            : null;
    }

    private bool IsListElement(IOperation target, ListLocal list) =>
        target is IPropertyReferenceOperation { Property.IsIndexer: true } p && ListLocalOf(p.Instance) == list ||
        target is IImplicitIndexerReferenceOperation i && ListLocalOf(i.Instance) == list;

    private static string ListLocalRewrite(ListLocal list) =>
        $"a List<> local supports Add, AddRange, Clear, {list.Name}[i], {list.Name}.Count, foreach, ToArray() and LINQ aggregates (Sum, Average, Max, Min, Count, …); " +
        $"for anything else fill a local array (var a = {list.Name}.ToArray();) and use it";
}
