using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// LINQ queries that end in a floating Sum, Average, Max or Min: a source (a 1-D array, <c>Enumerable.Range(start,
/// count)</c>, or <c>a.Zip(b, (p, q) =&gt; …)</c> over two arrays), then any chain of <c>Select</c> and <c>Where</c>
/// with expression lambdas, then the aggregate with or without a selector: <c>x.Sum(v =&gt; v * v)</c>,
/// <c>x.Select((v, i) =&gt; v * w[i]).Sum()</c>, <c>Enumerable.Range(0, n).Sum(i =&gt; a[i] * b[i])</c>,
/// <c>x.Zip(y, (p, q) =&gt; p - q).Select(d =&gt; d * d).Average()</c>, <c>x.Where(v =&gt; v &gt; 0).Sum()</c>,
/// <c>x.Max(v =&gt; Math.Abs(v))</c>.
/// They become the loop <c>System.Linq.Enumerable</c> runs, each lambda's body inlined with its parameters bound, so
/// the lambdas are differentiated as part of the method and the value is the one .NET computes: Sum and Average keep
/// a double accumulator in order (Average divides by the count, and throws on an empty sequence as .NET does); Max and
/// Min collect the selected values into an array and reduce it with <c>Enumerable.Max</c>/<c>Min</c>, whose scan is
/// the selector overload's, differentiated with the method's reduction tie rule as <c>a.Max()</c> is.
/// Other shapes keep the general refusal: block lambdas, other operators, non-array sources, the index overload after
/// a Where (its index counts the filtered sequence), and Max/Min after a Where.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string LinqEnumerable = "System.Linq.Enumerable";

    private static bool IsEnumerable(IMethodSymbol m) => m.ContainingType?.ToDisplayString() == LinqEnumerable;

    /// <summary>A Select (or, when <see cref="Filter"/>, a Where) between a query's source and its aggregate.</summary>
    private readonly record struct LinqStage(bool Filter, IAnonymousFunctionOperation Lambda, IOperation Body);

    private Expr? LinqSelectorAggregate(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!IsEnumerable(target) || target.Name is not ("Sum" or "Average" or "Max" or "Min") ||
            call.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)) return null;
        LinqStage? selector = null;
        if (call.Arguments.Length == 2)
        {
            // a.Sum(v => …)
            if (Stage(call.Arguments[1].Value, filter: false) is not LinqStage s) return null;
            selector = s;
        }
        else if (call.Arguments.Length != 1)
        {
            return null;
        }
        // Range(…).Average() with no Select averages ints, with .NET's long accumulator.
        if (Query(call.Arguments[0].Value, selector, intElements: false) is not LinqQuery query) return null;
        if (query.Filtered && target.Name is "Max" or "Min") return null;
        string valueType = query.ValueType;
        if (valueType is not ("double" or "float")) return null;

        var i = new Ref("int", NewTemp("i", "int"));
        bool minMax = target.Name is "Max" or "Min";
        var sum = new Ref("double", minMax ? "" : NewTemp("sum", "double"));
        Ref? selected = minMax ? new Ref(valueType + "[]", NewTemp("selected", valueType + "[]", isArray: true, elementType: valueType)) : null;
        Ref? taken = query.Filtered ? new Ref("int", NewTemp("count", "int")) : null;
        if (selected is not null)
        {
            _arrays.Add(selected.Name);
            _sink.Add(new NewArray(selected.Name, valueType, query.Count));
        }
        else
        {
            _sink.Add(new Assign(sum, new Lit("double", 0)));
        }
        if (taken is not null) _sink.Add(new Assign(taken, new Lit("int", 0)));

        QueryLoop(query, i, value =>
        {
            if (selected is not null) _sink.Add(new Assign(new Elem(valueType, selected.Name, i), E.To(valueType, value)));
            else _sink.Add(new Assign(sum, new Bin("double", BinaryOp.Add, sum, E.To("double", value))));
            if (taken is not null) _sink.Add(new Assign(taken, new Bin("int", BinaryOp.Add, taken, new Lit("int", 1))));
        });

        if (selected is not null) return LinqReduction(target.Name, valueType, selected.Name, type);
        if (target.Name == "Sum") return E.To(type, sum);
        Expr n = taken ?? query.Count;
        _sink.Add(EmptySequenceCheck(n));
        return E.To(type, new Bin("double", BinaryOp.Divide, sum, new Conv("double", n)));
    }

    /// <summary><c>if (n == 0) throw …</c>: what Average, Max, Min and seedless Aggregate do on an empty sequence.</summary>
    private static If EmptySequenceCheck(Expr n) =>
        new(new Bin("bool", BinaryOp.Equal, n, new Lit("int", 0)),
            EquatableArray.Of<Stmt>(new ThrowStmt("throw new global::System.InvalidOperationException(\"Sequence contains no elements\");")), EquatableArray<Stmt>.Empty);

    /// <summary>
    /// A query an aggregate enumerates: its Select and Where stages in order (the aggregate's own selector last), and
    /// its source: how many elements (<see cref="Count"/>) and the element at index i (an array's, a Range's
    /// <c>start + i</c>, or a Zip's pair lambda over two arrays). <see cref="ValueType"/> is what the last Select yields.
    /// </summary>
    private sealed record LinqQuery(List<LinqStage> Stages, bool Filtered, Expr Count, string ElementType, string ValueType,
        string? Array, Expr? RangeStart, IInvocationOperation? Zip, bool Pairs = false, Expr? Offset = null, bool Reversed = false, bool Rows = false, Expr? Row = null,
        ZipSide? First = null, ZipSide? Second = null, AggregateShape? Records = null);

    /// <summary>Whether the values a query hands its consumer are numbers (not a Zip pair or a jagged row passed through).</summary>
    private static bool YieldsNumbers(LinqQuery query)
    {
        for (int s = query.Stages.Count - 1; s >= 0; s--)
        {
            if (!query.Stages[s].Filter) return IsNumber(query.Stages[s].Lambda.Symbol.ReturnType);
        }
        return !query.Pairs && !query.Rows && query.Records is null;
    }

    private static bool IsNumber(ITypeSymbol type) => TypeClassifier.IsFloating(type) || type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_UInt64;

    /// <summary>
    /// Reads <paramref name="sourceArgument"/> (the aggregate's receiver) as a query, with <paramref name="selector"/>
    /// as its last stage; null for a shape the loop below cannot run. A Range source with no Select yields ints, which
    /// only <paramref name="intElements"/> callers (a fold with a floating seed) take.
    /// </summary>
    private LinqQuery? Query(IOperation sourceArgument, LinqStage? selector, bool intElements)
    {
        var stages = new List<LinqStage>();
        if (selector is LinqStage last) stages.Add(last);
        IOperation source = QuerySource(Unwrap(sourceArgument));
        while (source is IInvocationOperation { TargetMethod.Name: "Select" or "Where", Arguments.Length: 2 } inner && IsEnumerable(inner.TargetMethod))
        {
            if (Stage(inner.Arguments[1].Value, inner.TargetMethod.Name == "Where") is not LinqStage stage) return null;
            stages.Insert(0, stage);
            source = QuerySource(Unwrap(inner.Arguments[0].Value));
        }
        bool filtered = false;
        foreach (LinqStage stage in stages)
        {
            // Select((v, i) => …) after a Where numbers the filtered sequence, which this loop does not count.
            if (filtered && stage.Lambda.Symbol.Parameters.Length == 2) return null;
            filtered |= stage.Filter;
        }

        // Take, Skip and Reverse directly over an array: a window of it, walked forward or backward (ArrayWindow).
        var window = PeelWindow(ref source, o => QuerySource(Unwrap(o)));
        if (window.Count > 0 && source.Type is not IArrayTypeSymbol { Rank: 1 } && ListLocalOf(source) is null) return null;

        IInvocationOperation? zip = null;
        Expr count;
        string elementType;
        string? array = null;
        Expr? rangeStart = null;
        if (source is IInvocationOperation { TargetMethod.Name: "Range", Arguments.Length: 2 } range && IsEnumerable(range.TargetMethod))
        {
            if (stages.Count == 0 && !intElements) return null;
            (rangeStart, count) = _rangeBounds.TryGetValue(range, out (Ref Start, Ref Count) bounds) ? bounds : RangeBounds(range);
            elementType = "int";
        }
        else if (source is IInvocationOperation { TargetMethod.Name: "Zip", Arguments.Length: 3 } z && IsEnumerable(z.TargetMethod))
        {
            if (Stage(z.Arguments[2].Value, filter: false) is not LinqStage pair || pair.Lambda.Symbol.Parameters.Length != 2 ||
                ZipSideOf(z.Arguments[0].Value) is not ZipSide first || ZipSideOf(z.Arguments[1].Value) is not ZipSide second) return null;
            elementType = TypeClassifier.Text(pair.Lambda.Symbol.ReturnType);
            return new LinqQuery(stages, filtered, Shorter(first, second), elementType, LastSelectedType(stages, elementType), null, null, z, First: first, Second: second);
        }
        else if (source is IInvocationOperation { TargetMethod.Name: "Zip", Arguments.Length: 2 } pairs && IsEnumerable(pairs.TargetMethod) &&
                 ZipSideOf(pairs.Arguments[0].Value) is ZipSide first && ZipSideOf(pairs.Arguments[1].Value) is ZipSide second)
        {
            // a.Zip(b): (First, Second) tuples, taken apart into two locals per element (PairElements).
            elementType = TypeClassifier.Text(((INamedTypeSymbol)pairs.Type!).TypeArguments[0]);
            return new LinqQuery(stages, filtered, Shorter(first, second), elementType, LastSelectedType(stages, elementType), null, null, pairs, Pairs: true, First: first, Second: second);
        }
        else if (source.Type is IArrayTypeSymbol { Rank: 1 } rowType && IsNumber(rowType.ElementType) && IsJaggedRow(source) && RowOf(source) is var (rowsArray, row))
        {
            // One row of a jagged array (rows.Sum(r => r.Sum(v => v * v)), a[i].Max()): element j is rows[row][j], read
            // in place, so its adjoint is the row's; the row index is taken once, here.
            array = rowsArray;
            elementType = TypeClassifier.Text(rowType.ElementType);
            Expr rowLength = new Len(rowsArray, Row: row);
            if (window.Count == 0) return new LinqQuery(stages, filtered, rowLength, elementType, LastSelectedType(stages, elementType), array, null, null, Row: row);
            var (offset, length, reversed) = ArrayWindow(window, rowLength);
            return new LinqQuery(stages, filtered, length, elementType, LastSelectedType(stages, elementType), array, null, null, Offset: offset, Reversed: reversed, Row: row);
        }
        else if (ListLocalOf(source) is ListLocal list)
        {
            // A List<T> local: its array up to its count (MethodLowering.ListLocals.cs), read where the query runs.
            array = list.Array;
            elementType = list.Element;
            if (window.Count == 0) return new LinqQuery(stages, filtered, list.Count, elementType, LastSelectedType(stages, elementType), array, null, null);
            var (offset, length, reversed) = ArrayWindow(window, list.Count);
            return new LinqQuery(stages, filtered, length, elementType, LastSelectedType(stages, elementType), array, null, null, Offset: offset, Reversed: reversed);
        }
        else if (source.Type is IArrayTypeSymbol { Rank: 1 } arrayType)
        {
            // Elements are numbers, or the rows of a jagged array (bound as row aliases in QueryLoop); a struct or tuple
            // element would be copied whole into a lambda parameter whose reads the lowering takes apart elsewhere.
            bool rows = arrayType.ElementType is IArrayTypeSymbol { Rank: 1 } && TypeClassifier.NestedElementOf(arrayType, out _) is not null;
            if (!rows && !IsNumber(arrayType.ElementType)) return null;
            array = ArrayName(source);
            count = new Len(array);
            elementType = TypeClassifier.Text(arrayType.ElementType);
            if (rows)
            {
                if (window.Count > 0) return null;
                return new LinqQuery(stages, filtered, count, elementType, LastSelectedType(stages, elementType), array, null, null, Rows: true);
            }
            if (window.Count > 0)
            {
                var (offset, length, reversed) = ArrayWindow(window, count);
                return new LinqQuery(stages, filtered, length, elementType, LastSelectedType(stages, elementType), array, null, null, Offset: offset, Reversed: reversed);
            }
        }
        else if (window.Count == 0 && stages.Count > 0 && DataRecords(source) is var (records, recordType, shape))
        {
            // flows.Sum(f => f.Amount * Math.Exp(-rate * f.Time)) over a data List of records: the records are a data
            // array bound at the top (MethodLowering.DataCollectionLoops.cs), each read leaf by leaf into the lambda's parameter.
            elementType = TypeClassifier.Text(recordType);
            return new LinqQuery(stages, filtered, new Len(records), elementType, LastSelectedType(stages, elementType), records, null, null, Records: shape);
        }
        else
        {
            return null;
        }
        return new LinqQuery(stages, filtered, count, elementType, LastSelectedType(stages, elementType), array, rangeStart, zip);
    }

    /// <summary>
    /// The loop <c>System.Linq.Enumerable</c> runs over <paramref name="query"/>: for each index <paramref name="i"/>, the
    /// source element, then each stage (Selects bound and stored, Wheres as ifs), then <paramref name="consume"/> with the
    /// value, emitted into the current sink.
    /// </summary>
    private void QueryLoop(LinqQuery query, Ref i, System.Action<Expr> consume, System.Action<string[]>? consumePair = null)
    {
        var loop = new List<Stmt>();
        _loopDepth++;
        using (Sink(loop))
        {
            Expr element = new Lit(IrType.Int, 0);
            if (query.Pairs)
            {
                string[] pair = PairElements(query, i);
                // With no stage the pair itself is the value: only a foreach (consumePair) or a Count reads it.
                if (query.Stages.Count > 0) Stages(query.Stages, 0, element, i, loop, consume, p => _tupleParameters[p] = pair);
                else if (consumePair is not null) consumePair(pair);
                else consume(element);
            }
            else if (query.Rows)
            {
                // rows.Sum(r => r.Sum()): r is a row alias of the jagged array (BindRowParameter), read and
                // differentiated in place. With no stage only a Count reads the element.
                if (query.Stages.Count > 0) Stages(query.Stages, 0, element, i, loop, consume, p => _names[p] = BindRowParameter(p, query.Array!, i));
                else consume(element);
            }
            else if (query.Records is AggregateShape shape)
            {
                if (query.Stages.Count > 0) Stages(query.Stages, 0, element, i, loop, consume, p => BindDataRecordParameter(p, query.Array!, shape, i));
                else consume(element);
            }
            else if (query.Zip is IInvocationOperation zip)
            {
                LinqStage pair = Stage(zip.Arguments[2].Value, filter: false)!.Value;
                BindElementParameter(pair.Lambda, pair.Lambda.Symbol.Parameters[0], query.First!.At(i));
                BindElementParameter(pair.Lambda, pair.Lambda.Symbol.Parameters[1], query.Second!.At(i));
                element = Selected(query.ElementType, pair.Body);
            }
            else
            {
                Expr at = query.Offset is null ? i : new Bin("int", query.Reversed ? BinaryOp.Subtract : BinaryOp.Add, query.Offset, i);
                element = query.Row is not null ? new Elem(query.ElementType, query.Array!, query.Row, EquatableArray.Of(at), Jagged: true)
                    : query.Array is not null ? new Elem(query.ElementType, query.Array, at)
                    : new Bin("int", BinaryOp.Add, query.RangeStart!, i);
            }
            if (!query.Pairs && !query.Rows && query.Records is null) Stages(query.Stages, 0, element, i, loop, consume);
        }
        _loopDepth--;
        // A foreach body over a query may break or return: then the loop is a while (AddIndexLoop).
        AddIndexLoop(_sink, i.Name, new Bin("bool", BinaryOp.LessThan, i, query.Count), loop);
    }

    /// <summary>
    /// <c>foreach (var v in query)</c> over a Select/Where chain, <c>Enumerable.Range</c> or a Zip with a selector (or a
    /// local holding one): the query's loop with the loop variable bound to each kept value and the body lowered in
    /// it, so <c>continue</c>, <c>break</c> and <c>return</c> act on that loop as they do on the enumeration.
    /// </summary>
    private bool ForEachOverQuery(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = QuerySource(Unwrap(loop.Collection));
        if (collection is not IInvocationOperation { TargetMethod.Name: "Select" or "Where" or "Range" or "Zip" or "Take" or "Skip" or "Reverse" } call || !IsEnumerable(call.TargetMethod)) return false;
        if (call.TargetMethod.Name == "Zip" && call.Arguments.Length == 2) return ForEachOverPairs(loop, collection, output);
        if (ForEachOverSelectedTuples(loop, call, output)) return true;
        if (loop.Locals.Length != 1 || loop.LoopControlVariable is not IVariableDeclaratorOperation control || control.Symbol.IsRef ||
            IsAggregate(control.Symbol.Type) || IsTuple(control.Symbol.Type)) return false;
        using (Sink(output))
        {
            if (Query(collection, null, intElements: true) is not LinqQuery query || !YieldsNumbers(query)) return false;
            ForEachLoop(query, control, loop.Body);
        }
        return true;
    }

    /// <summary>
    /// <c>foreach (var (v, i) in x.Select((v, i) =&gt; (v, i)))</c>: a last Select whose body is a tuple literal, each
    /// element deconstructed into its own local. The tuple is never built: the Select's parameters are bound to the
    /// element and its index, and each target is assigned its element's expression. Its index is the loop's own only
    /// when nothing before it filters, so a Where before an indexed Select keeps the refusal.
    /// </summary>
    private bool ForEachOverSelectedTuples(IForEachLoopOperation loop, IInvocationOperation call, List<Stmt> output)
    {
        if (call.TargetMethod.Name != "Select" || call.Arguments.Length != 2 || TupleLoopTargets(loop.LoopControlVariable) is not List<Expr?> targets ||
            Stage(call.Arguments[1].Value, filter: false) is not LinqStage last || Unwrap(last.Body) is not ITupleOperation tuple || tuple.Elements.Length != targets.Count)
        {
            return false;
        }
        using (Sink(output))
        {
            if (Query(call.Arguments[0].Value, null, intElements: true) is not LinqQuery query || !YieldsNumbers(query) ||
                query.Filtered && last.Lambda.Symbol.Parameters.Length == 2)
            {
                return false;
            }
            var i = new Ref("int", NewTemp("i", "int"));
            QueryLoop(query, i, value =>
            {
                IMethodSymbol lambda = last.Lambda.Symbol;
                BindElementParameter(last.Lambda, lambda.Parameters[0], value);
                if (lambda.Parameters.Length == 2) BindParameter(lambda.Parameters[1], i);
                // Every element is evaluated before any target is written, as the tuple is built before it is deconstructed.
                var values = tuple.Elements.Select(e => HoistCalls(LowerExpr(e), _sink)).ToList();
                var temps = values.Select((v, k) => targets[k] is null ? null : Once(v)).ToList();
                for (int k = 0; k < targets.Count; k++)
                {
                    if (targets[k] is Expr target) _sink.Add(new Assign(target, E.To(target.Type, temps[k]!)));
                }
                LowerStatement(loop.Body, _sink);
            });
        }
        return true;
    }

    /// <summary>The query's loop with the foreach variable <paramref name="control"/> bound to each value and <paramref name="body"/> lowered inside it, into the current sink.</summary>
    private void ForEachLoop(LinqQuery query, IVariableDeclaratorOperation control, IOperation body)
    {
        string type = TypeClassifier.Text(control.Symbol.Type);
        var i = new Ref("int", NewTemp("i", "int"));
        QueryLoop(query, i, value =>
        {
            _sink.Add(new Assign(new Ref(type, DeclareLocal(control.Symbol)), E.To(type, value)));
            LowerStatement(body, _sink);
        });
    }

    /// <summary>
    /// <c>a.Take(n)</c>, <c>.Skip(n)</c> and <c>.Reverse()</c> over an array, innermost first, as a window: element i is
    /// <c>a[offset + i]</c> (or <c>a[offset − i]</c> once reversed) for i below the length. Take and Skip clamp their count
    /// to [0, length] as .NET does; the counts are evaluated here, once, in order, as .NET evaluates them where the
    /// query is built.
    /// </summary>
    private (Expr Offset, Expr Length, bool Reversed) ArrayWindow(List<IInvocationOperation> window, Expr length)
    {
        Ref Temp(string hint, Expr value)
        {
            var temp = new Ref("int", NewTemp(hint, "int"));
            _sink.Add(new Assign(temp, value));
            return temp;
        }
        Expr Clamp(Expr n, Expr max) => new Cond("int", E.Cmp(BinaryOp.LessThanOrEqual, n, new Lit("int", 0)), new Lit("int", 0),
            new Cond("int", E.Cmp(BinaryOp.LessThan, n, max), n, max));
        Expr offset = new Lit("int", 0);
        Expr count = Temp("count", length);
        bool reversed = false;
        BinaryOp Step() => reversed ? BinaryOp.Subtract : BinaryOp.Add;
        foreach (IInvocationOperation op in window)
        {
            switch (op.TargetMethod.Name)
            {
                case "Take":
                    count = Temp("take", Clamp(HoistCalls(LowerExpr(op.Arguments[1].Value), _sink), count));
                    break;
                case "Skip":
                {
                    Ref skipped = Temp("skip", Clamp(HoistCalls(LowerExpr(op.Arguments[1].Value), _sink), count));
                    offset = Temp("offset", new Bin("int", Step(), offset, skipped));
                    count = Temp("count", new Bin("int", BinaryOp.Subtract, count, skipped));
                    break;
                }
                default: // Reverse: the window's last element first
                    offset = Temp("offset", new Bin("int", Step(), offset, new Bin("int", BinaryOp.Subtract, count, new Lit("int", 1))));
                    reversed = !reversed;
                    break;
            }
        }
        return (offset, count, reversed);
    }

    /// <summary><c>foreach (var (a, b) in x.Zip(y))</c> or <c>foreach (var p in x.Zip(y))</c>: the pair's locals assigned per element.</summary>
    private bool ForEachOverPairs(IForEachLoopOperation loop, IOperation collection, List<Stmt> output)
    {
        using (Sink(output))
        {
            if (Query(collection, null, intElements: true) is not LinqQuery { Pairs: true } query) return false;
            if (TupleLoopTargets(loop.LoopControlVariable) is not { Count: 2 } targets)
            {
                Unsupported(loop, "This foreach over a Zip", "use foreach (var (a, b) in x.Zip(y)) or foreach (var p in x.Zip(y))");
                return true;
            }
            var i = new Ref("int", NewTemp("i", "int"));
            QueryLoop(query, i, _ => { }, pair =>
            {
                for (int k = 0; k < 2; k++)
                {
                    if (targets[k] is Expr target) _sink.Add(new Assign(target, E.To(target.Type, new Ref(target.Type, pair[k]))));
                }
                LowerStatement(loop.Body, _sink);
            });
        }
        return true;
    }

    /// <summary>The type of the values a query's last Select produces (past any trailing Where), else its source's.</summary>
    private static string LastSelectedType(List<LinqStage> stages, string sourceType)
    {
        for (int s = stages.Count - 1; s >= 0; s--)
        {
            if (!stages[s].Filter) return TypeClassifier.Text(stages[s].Lambda.Symbol.ReturnType);
        }
        return sourceType;
    }

    /// <summary>A Select or Where lambda with an expression body (one or two parameters); null for any other argument.</summary>
    private LinqStage? Stage(IOperation argument, bool filter)
    {
        if (LambdaOf(argument) is not { Symbol.Parameters.Length: 1 or 2 } lambda) return null;
        if (lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } body }) return null;
        if (filter && lambda.Symbol.ReturnType.SpecialType != SpecialType.System_Boolean) return null;
        return new LinqStage(filter, lambda, body);
    }

    /// <summary>
    /// Lowers stages <paramref name="s"/>… for one element: a Select binds its parameters (the value, and the index for
    /// <c>(v, i) =&gt;</c>) and stores its body in a temporary; a Where wraps the rest in <c>if (predicate)</c>.
    /// </summary>
    private void Stages(List<LinqStage> stages, int s, Expr element, Ref index, List<Stmt> into, System.Action<Expr> consume, System.Action<IParameterSymbol>? bindElement = null)
    {
        using (Sink(into))
        {
            if (s == stages.Count)
            {
                consume(element);
                return;
            }
            LinqStage stage = stages[s];
            IMethodSymbol lambda = stage.Lambda.Symbol;
            // An element that is not one value (a.Zip(b)'s pair, a jagged array's row) is bound by its own binder,
            // through Where stages, up to the first Select.
            if (bindElement is not null) bindElement(lambda.Parameters[0]);
            else BindElementParameter(stage.Lambda, lambda.Parameters[0], element);
            if (lambda.Parameters.Length == 2) BindParameter(lambda.Parameters[1], index);
            if (!stage.Filter)
            {
                Stages(stages, s + 1, Selected(TypeClassifier.Text(lambda.ReturnType), stage.Body), index, into, consume);
                return;
            }
            Expr predicate = LowerCondition(stage.Body);
            var kept = new List<Stmt>();
            Stages(stages, s + 1, element, index, kept, consume, bindElement);
            _sink.Add(new If(predicate, kept.ToEquatable(), EquatableArray<Stmt>.Empty));
        }
    }

    /// <summary>Tuple-typed lambda parameters (a.Zip(b)'s pairs), by the locals holding their elements.</summary>
    private readonly Dictionary<IParameterSymbol, string[]> _tupleParameters = new(SymbolEqualityComparer.Default);

    /// <summary><c>a.Zip(b)</c>'s element at <paramref name="i"/>: First and Second in two locals of the loop body.</summary>
    private string[] PairElements(LinqQuery query, Ref i)
    {
        var types = ((INamedTypeSymbol)((INamedTypeSymbol)query.Zip!.Type!).TypeArguments[0]).TupleElements;
        var names = new string[2];
        for (int k = 0; k < 2; k++)
        {
            string t = TypeClassifier.Text(types[k].Type);
            names[k] = NewTemp(k == 0 ? "first" : "second", t);
            _sink.Add(new Assign(new Ref(t, names[k]), E.To(t, (k == 0 ? query.First : query.Second)!.At(i))));
        }
        return names;
    }

    /// <summary>
    /// One sequence of a Zip: a 1-D array of numbers, one row of a jagged array, or a local List&lt;T&gt; (up to its
    /// count), each optionally behind Take/Skip/Reverse (a window, <see cref="ArrayWindow"/>). Element i is read in place.
    /// </summary>
    private sealed record ZipSide(string Array, Expr Count, string ElementType, Expr? Offset = null, bool Reversed = false, Expr? Row = null)
    {
        public Elem At(Expr i)
        {
            Expr at = Offset is null ? i : new Bin("int", Reversed ? BinaryOp.Subtract : BinaryOp.Add, Offset, i);
            return Row is null ? new Elem(ElementType, Array, at) : new Elem(ElementType, Array, Row, EquatableArray.Of(at), Jagged: true);
        }
    }

    /// <summary>
    /// The Take/Skip/Reverse calls wrapped around <paramref name="source"/>, innermost first, with
    /// <paramref name="source"/> moved to what they wrap (each step through <paramref name="inner"/>).
    /// </summary>
    private static List<IInvocationOperation> PeelWindow(ref IOperation source, System.Func<IOperation, IOperation> inner)
    {
        var window = new List<IInvocationOperation>();
        while (source is IInvocationOperation { TargetMethod.Name: "Take" or "Skip" or "Reverse" } op && IsEnumerable(op.TargetMethod) &&
               op.Arguments.Length == (op.TargetMethod.Name == "Reverse" ? 1 : 2) && op.Arguments.Skip(1).All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32))
        {
            window.Insert(0, op);
            source = inner(op.Arguments[0].Value);
        }
        return window;
    }

    /// <summary>Zip stops at the shorter sequence.</summary>
    private static Expr Shorter(ZipSide a, ZipSide b) => new Cond("int", new Bin("bool", BinaryOp.LessThan, a.Count, b.Count), a.Count, b.Count);

    /// <summary>A Zip argument as a <see cref="ZipSide"/>; null for another sequence (struct elements, queries with stages, …).</summary>
    private ZipSide? ZipSideOf(IOperation argument)
    {
        IOperation source = Unwrap(argument);
        var window = PeelWindow(ref source, Unwrap);
        ZipSide side;
        if (ListLocalOf(source) is ListLocal list) side = new ZipSide(list.Array, list.Count, list.Element);
        else if (source.Type is not IArrayTypeSymbol { Rank: 1 } arrayType || !IsNumber(arrayType.ElementType)) return null;
        else if (IsJaggedRow(source) && RowOf(source) is var (rows, row)) side = new ZipSide(rows, new Len(rows, Row: row), TypeClassifier.Text(arrayType.ElementType), Row: row);
        else if (source is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation &&
                 ArrayName(source) is var name && name != "__invalid") side = new ZipSide(name, new Len(name), TypeClassifier.Text(arrayType.ElementType));
        else return null;
        if (window.Count == 0) return side;
        var (offset, length, reversed) = ArrayWindow(window, side.Count);
        return side with { Count = length, Offset = offset, Reversed = reversed };
    }

    /// <summary>Lambda parameters that stand for a source element read in place (<see cref="BindElementParameter"/>).</summary>
    private readonly Dictionary<IParameterSymbol, Expr> _elementParameters = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Binds a lambda's element parameter: to the element itself (<c>xs[i]</c>, read in place) when the lambda only
    /// reads it, else to a local holding a copy. Why in place: the copy is a local overwritten on every element, so a
    /// pullback whose rule reads it (<c>v * v</c>) recorded each copy on the tape, where reading <c>xs[i]</c> again needs
    /// nothing recorded unless the array itself is overwritten later, which the array's own recording then covers.
    /// Nothing can write the array between the read and the lambda's uses: an expression lambda's body is evaluated
    /// at once, and one that writes the parameter (an assignment, a ref argument) keeps the copy.
    /// </summary>
    private void BindElementParameter(IAnonymousFunctionOperation lambda, IParameterSymbol parameter, Expr element)
    {
        if (element is Elem && OnlyReads(lambda, parameter))
        {
            _elementParameters[parameter] = E.To(TypeClassifier.Text(parameter.Type), element);
            return;
        }
        _elementParameters.Remove(parameter);
        BindParameter(parameter, element);
    }

    /// <summary>Whether every use of <paramref name="parameter"/> in <paramref name="lambda"/> reads its value (no write, no ref, out or in argument).</summary>
    private static bool OnlyReads(IAnonymousFunctionOperation lambda, IParameterSymbol parameter) =>
        lambda.Body.Descendants().OfType<IParameterReferenceOperation>()
            .Where(r => SymbolEqualityComparer.Default.Equals(r.Parameter, parameter))
            .All(r => r.Parent switch
            {
                IAssignmentOperation assign => !ReferenceEquals(assign.Target, r),
                IIncrementOrDecrementOperation or IAddressOfOperation => false,
                IArgumentOperation arg => arg.Parameter?.RefKind is null or RefKind.None,
                _ => true,
            });

    /// <summary>A lambda parameter becomes a local of the loop body holding its value.</summary>
    private void BindParameter(IParameterSymbol parameter, Expr value)
    {
        string name = NewLocal(parameter.Name, parameter.Type);
        _names[parameter] = name;
        string t = TypeClassifier.Text(parameter.Type);
        _sink.Add(new Assign(new Ref(t, name), E.To(t, value)));
    }

    /// <summary>A lambda body's value, in a temporary so later stages read it once.</summary>
    private Ref Selected(string type, IOperation body)
    {
        var value = new Ref(type, NewTemp("selected", type));
        _sink.Add(new Assign(value, E.To(type, HoistCalls(LowerExpr(body), _sink))));
        return value;
    }

    /// <summary>
    /// <c>Enumerable.Range(start, count)</c>'s bounds, evaluated once into temporaries, with Range's own check: .NET
    /// evaluates and checks them where Range is called, before anything is enumerated.
    /// </summary>
    private (Ref Start, Ref Count) RangeBounds(IInvocationOperation range)
    {
        Ref start = Bind("start", "int", range.Arguments[0].Value), count = Bind("count", "int", range.Arguments[1].Value);
        _sink.Add(new If(new Bin("bool", BinaryOp.LessThan, count, new Lit("int", 0)),
            EquatableArray.Of<Stmt>(new ThrowStmt("throw new global::System.ArgumentOutOfRangeException(\"count\");")), EquatableArray<Stmt>.Empty));
        return (start, count);
    }

    // ---------------------------------------------------------------- queries held in locals

    /// <summary>Locals holding a query (<c>var r = Enumerable.Range(0, n).Select(i =&gt; …);</c>), by their initializer.</summary>
    private readonly Dictionary<ILocalSymbol, IOperation> _queries = new(SymbolEqualityComparer.Default);

    /// <summary>Range calls inside such initializers, with the bounds evaluated where the local was declared.</summary>
    private readonly Dictionary<IOperation, (Ref Start, Ref Count)> _rangeBounds = new();

    /// <summary>A local holding a query is replaced by its initializer, so the query is enumerated where it is used.</summary>
    private IOperation QuerySource(IOperation source) =>
        source is ILocalReferenceOperation l && _queries.TryGetValue(l.Local, out IOperation? query) ? QuerySource(Unwrap(query)) : source;

    /// <summary>
    /// <c>var q = source.Select(…).Where(…);</c> (or a Range or Zip), never reassigned: nothing runs here but what .NET
    /// runs eagerly (Range's bounds and their check); each Sum/Average/Max/Min over <c>q</c> enumerates the whole chain
    /// where it stands, reading the variables its lambdas capture then, as LINQ's deferred execution does. Arrays the
    /// query reads cannot be reassigned in a [Differentiable] method, so the chain sees the arrays it was built on.
    /// </summary>
    private bool DeclareQuery(IVariableDeclaratorOperation d, IOperation init, List<Stmt> output)
    {
        IOperation root = Unwrap(init);
        if (root is not IInvocationOperation { TargetMethod.Name: "Select" or "Where" or "Zip" or "Range" } call || !IsEnumerable(call.TargetMethod)) return false;
        IOperation method = d;
        while (method.Parent is not null) method = method.Parent;
        if (method.Descendants().Any(o => o is IAssignmentOperation { Target: ILocalReferenceOperation l } && SymbolEqualityComparer.Default.Equals(l.Local, d.Symbol)))
        {
            Unsupported(d, $"Reassigning the query '{d.Symbol.Name}'", "use one local per query");
            return true;
        }
        while (root is IInvocationOperation { TargetMethod.Name: "Select" or "Where", Arguments.Length: 2 } stage && IsEnumerable(stage.TargetMethod))
        {
            root = QuerySource(Unwrap(stage.Arguments[0].Value));
        }
        if (root is IInvocationOperation { TargetMethod.Name: "Range", Arguments.Length: 2 } range && IsEnumerable(range.TargetMethod) && !_rangeBounds.ContainsKey(range))
        {
            using (Sink(output)) _rangeBounds[range] = RangeBounds(range);
        }
        _queries[d.Symbol] = init;
        return true;
    }

    /// <summary>A query argument (a Range bound) evaluated once, before the loop, into an int temporary.</summary>
    private Ref Bind(string hint, string type, IOperation value)
    {
        var temp = new Ref(type, NewTemp(hint, type));
        _sink.Add(new Assign(temp, E.To(type, HoistCalls(LowerExpr(value), _sink))));
        return temp;
    }
}
