using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>double[] w = query.ToArray();</c> for the queries the aggregates take
/// (<c>Enumerable.Range(0, n).Select(i =&gt; Math.Exp(-a * i)).ToArray()</c>, <c>x.Where(v =&gt; v &gt; 0).ToArray()</c>):
/// a fresh local array of the query's length filled by its loop, so each element keeps its derivative. After a Where
/// the length is known only once the loop has run: the kept values go to a scratch array of the source's length,
/// then into an array of the kept count, as .NET's builder ends with an array of exactly that length.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// <c>Enumerable.Repeat(v, n).ToArray()</c>, the LINQ way to start an array at a value: <c>new T[n]</c> and a fill
    /// loop, v evaluated once before n, in argument order, as .NET evaluates them. False for any other initializer.
    /// </summary>
    private bool LowerRepeatToArray(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 1 } call || !IsEnumerable(call.TargetMethod) ||
            call.Type is not IArrayTypeSymbol { Rank: 1 } arrayType ||
            Unwrap(call.Arguments[0].Value) is not IInvocationOperation { TargetMethod.Name: "Repeat", Arguments.Length: 2 } repeat || !IsEnumerable(repeat.TargetMethod))
        {
            return false;
        }
        string element = TypeClassifier.Text(arrayType.ElementType);
        var args = repeat.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        Expr value = Once(E.To(element, HoistCalls(LowerExpr(args[0]), output)));
        var count = new Ref("int", NewTemp("count", "int"));
        output.Add(new Assign(count, HoistCalls(LowerExpr(args[1]), output)));
        _arrays.Add(name);
        output.Add(new NewArray(name, element, count));
        var i = new Ref("int", NewTemp("i", "int"));
        output.Add(new For(i.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, i, count), 1, EquatableArray.Of<Stmt>(new Assign(new Elem(element, name, i), value))));
        return true;
    }

    private bool LowerQueryToArray(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 1 } call || !IsEnumerable(call.TargetMethod) ||
            call.Type is not IArrayTypeSymbol { Rank: 1 } arrayType) return false;
        IOperation source = QuerySource(Unwrap(call.Arguments[0].Value));
        // A plain array's ToArray is a copy (LowerArrayCopy); a query needs at least a Range, Zip, Select or Where.
        if (source is not IInvocationOperation { TargetMethod.Name: "Select" or "Where" or "Range" or "Zip" or "Take" or "Skip" or "Reverse" } || !IsEnumerable(((IInvocationOperation)source).TargetMethod)) return false;
        string element = TypeClassifier.Text(arrayType.ElementType);
        using (Sink(output))
        {
            if (Query(source, null, intElements: true) is not LinqQuery query || !YieldsNumbers(query)) return false;
            FillFromQuery(name, element, query);
        }
        return true;
    }

    /// <summary>
    /// The new local array <paramref name="name"/> with the query's values in order, in the sink: filled by the query's
    /// loop, or after a Where through a scratch array of the source's length into one of the kept count.
    /// </summary>
    private void FillFromQuery(string name, string element, LinqQuery query)
    {
        var i = new Ref("int", NewTemp("i", "int"));
        _arrays.Add(name);
        if (!query.Filtered)
        {
            _sink.Add(new NewArray(name, element, query.Count));
            QueryLoop(query, i, value => _sink.Add(new Assign(new Elem(element, name, i), E.To(element, value))));
            return;
        }
        string kept = NewTemp("kept", element + "[]", isArray: true, elementType: element);
        _arrays.Add(kept);
        var count = new Ref("int", NewTemp("count", "int"));
        _sink.Add(new NewArray(kept, element, query.Count));
        _sink.Add(new Assign(count, new Lit("int", 0)));
        QueryLoop(query, i, value =>
        {
            _sink.Add(new Assign(new Elem(element, kept, count), E.To(element, value)));
            _sink.Add(new Assign(count, new Bin("int", BinaryOp.Add, count, new Lit("int", 1))));
        });
        _sink.Add(new NewArray(name, element, count));
        var j = new Ref("int", NewTemp("j", "int"));
        _sink.Add(new For(j.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, j, count), 1,
            EquatableArray.Of<Stmt>(new Assign(new Elem(element, name, j), new Elem(element, kept, j)))));
    }

    /// <summary>
    /// <c>double[] a = Array.ConvertAll(x, v =&gt; f(v));</c>: what <c>x.Select(v =&gt; f(v)).ToArray()</c> is (.NET fills a
    /// new array of x's length in order), lowered as that query. False for anything else.
    /// </summary>
    private bool LowerConvertAll(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod: { Name: "ConvertAll", ContainingType.SpecialType: SpecialType.System_Array }, Arguments.Length: 2 } call ||
            call.Type is not IArrayTypeSymbol { Rank: 1 } arrayType) return false;
        var args = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        if (Unwrap(args[0]).Type is not IArrayTypeSymbol { Rank: 1 }) return false;
        string element = TypeClassifier.Text(arrayType.ElementType);
        using (Sink(output))
        {
            if (Stage(args[1], filter: false) is not LinqStage stage || stage.Lambda.Symbol.Parameters.Length != 1 ||
                Query(args[0], stage, intElements: false) is not LinqQuery query || !YieldsNumbers(query)) return false;
            var i = new Ref("int", NewTemp("i", "int"));
            _arrays.Add(name);
            _sink.Add(new NewArray(name, element, query.Count));
            QueryLoop(query, i, value => _sink.Add(new Assign(new Elem(element, name, i), E.To(element, value))));
        }
        return true;
    }

    /// <summary>
    /// <c>double[] s = x.OrderBy(v =&gt; v).ToArray();</c> (x an array, a Select or a Where over one): the values go into a
    /// scratch array by the query's loop (FillFromQuery), then SortRules.StableSort fills the new array: OrderBy is
    /// stable, and the entries that compare equal can differ in bits (−0 and +0, NaN payloads), so the values come from a
    /// stable sort, not from <c>Array.Sort</c>'s; its rules move each derivative with its value.
    /// <c>OrderByDescending(v =&gt; v)</c>, stable too, is the stable ascending sort of the values reversed, reversed:
    /// ties keep their order, and NaN, the least value to <c>Comparer&lt;double&gt;</c>, comes last. Only the identity
    /// key. False for anything else (a key selector).
    /// </summary>
    private bool LowerSortedToArray(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 1 } call || !IsEnumerable(call.TargetMethod) ||
            call.Type is not IArrayTypeSymbol { Rank: 1 } arrayType || !TypeClassifier.IsFloating(arrayType.ElementType) ||
            Unwrap(call.Arguments[0].Value) is not IInvocationOperation { TargetMethod.Name: "OrderBy" or "OrderByDescending", Arguments.Length: 2 } order || !IsEnumerable(order.TargetMethod) ||
            LambdaOf(order.Arguments[1].Value) is not { Symbol.Parameters.Length: 1 } key ||
            key.Body.Operations.Length != 1 || key.Body.Operations[0] is not IReturnOperation { ReturnedValue: IParameterReferenceOperation returned } ||
            !SymbolEqualityComparer.Default.Equals(returned.Parameter, key.Symbol.Parameters[0])) return false;
        string et = TypeClassifier.Text(arrayType.ElementType);
        using (Sink(output))
        {
            if (Query(order.Arguments[0].Value, null, intElements: false) is not LinqQuery query || !YieldsNumbers(query) || query.ValueType != et) return false;
            bool descending = order.TargetMethod.Name == "OrderByDescending";
            string unsorted = NewTemp("unsorted", et + "[]", isArray: true, elementType: et);
            FillFromQuery(unsorted, et, query);
            string input = descending ? Reversed(unsorted, et) : unsorted;
            string sorted = descending ? NewTemp("sorted", et + "[]", isArray: true, elementType: et) : name;
            _arrays.Add(sorted);
            _sink.Add(new NewArray(sorted, et, new Len(input)));
            const string Rules = "global::SourceAD.SortRules";
            var target = new CallTarget(Rules, "StableSort", "<" + et + ">",
                EquatableArray.Of(new ParamShape("x", ParamKind.RealReadOnlySpan, true), new ParamShape("y", ParamKind.RealSpanOutput, true)),
                Rules, "StableSortPullback", Rules, "StableSortPushforward");
            _sink.Add(new CallStmt(new Call("void", target, EquatableArray.Of<Expr>(new Ref(et + "[]", input), new Ref(et + "[]", sorted)))));
            if (descending)
            {
                _arrays.Add(name);
                CopyReversed(sorted, name, et);
            }
        }
        return true;
    }

    /// <summary>A new local array of <paramref name="array"/>'s elements in reverse order, in the sink; its name.</summary>
    private string Reversed(string array, string et)
    {
        string reversed = NewTemp("reversed", et + "[]", isArray: true, elementType: et);
        _arrays.Add(reversed);
        CopyReversed(array, reversed, et);
        return reversed;
    }

    /// <summary><c>to = new T[from.Length]; to[j] = from[from.Length - 1 - j]</c>, in the sink.</summary>
    private void CopyReversed(string from, string to, string et)
    {
        var n = new Ref("int", NewTemp("count", "int"));
        _sink.Add(new Assign(n, new Len(from)));
        _sink.Add(new NewArray(to, et, n));
        var j = new Ref("int", NewTemp("j", "int"));
        _sink.Add(new For(j.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, j, n), 1, EquatableArray.Of<Stmt>(
            new Assign(new Elem(et, to, j), new Elem(et, from, E.Sub(E.Sub(n, new Lit("int", 1)), j))))));
    }
}
