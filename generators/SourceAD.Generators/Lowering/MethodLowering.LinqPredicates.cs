using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>Count</c>, <c>Any</c> and <c>All</c> with a predicate (and <c>Count()</c>/<c>Any()</c> after a Where) over the
/// queries the aggregates take: <c>scores.Count(s =&gt; s &gt;= threshold)</c>, <c>x.Any(v =&gt; v &lt; 0)</c>. Their
/// results are passive (an int, a bool), but the predicates read active values, so they are the loops .NET runs
/// rather than opaque calls: Count counts the kept elements; Any and All test elements only until the answer is known,
/// as .NET stops there, so a predicate runs on exactly the elements it runs on in the user's method.
/// </summary>
internal sealed partial class MethodLowering
{
    private Expr? LinqPredicate(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!IsEnumerable(target) || target.Name is not ("Count" or "Any" or "All") || call.Arguments.Length is < 1 or > 2) return null;
        LinqStage? predicate = null;
        if (call.Arguments.Length == 2)
        {
            if (Stage(call.Arguments[1].Value, filter: true) is not LinqStage p || p.Lambda.Symbol.Parameters.Length != 1) return null;
            predicate = p;
        }
        else if (target.Name == "All")
        {
            return null;
        }
        // All keeps the elements that fail its predicate: the loop below tests the predicate itself, not as a Where.
        bool all = target.Name == "All";
        if (Query(call.Arguments[0].Value, all ? null : predicate, intElements: true) is not LinqQuery query) return null;
        // Any and All rerun the stages below with the plain element binding: a Zip pair or a jagged row needs its own
        // binder (QueryLoop), so those stay refused; Count goes through QueryLoop and takes them.
        if (target.Name != "Count" && (query.Pairs || query.Rows)) return null;
        // Count() and Any() with no Where are the query's length (an array's, or its Take/Skip window's): no loop, nothing read.
        if (!query.Filtered && !all && query.Zip is null && query.Stages.Count == 0 && query.Array is not null)
        {
            return target.Name == "Count" ? E.To(type, query.Count) : E.Cmp(BinaryOp.GreaterThan, query.Count, new Lit("int", 0));
        }

        var i = new Ref("int", NewTemp("i", "int"));
        if (target.Name == "Count")
        {
            var count = new Ref("int", NewTemp("count", "int"));
            _sink.Add(new Assign(count, new Lit("int", 0)));
            QueryLoop(query, i, _ => _sink.Add(new Assign(count, new Bin("int", BinaryOp.Add, count, new Lit("int", 1)))));
            return E.To(type, count);
        }

        // Any: found stays false until an element is kept. All: holds stays true until one fails the predicate.
        var answer = new Ref("bool", NewTemp(all ? "holds" : "found", "bool"));
        _sink.Add(new Assign(answer, new Lit("bool", all ? 1 : 0)));
        Expr undecided = all ? answer : new Un(IrType.Bool, UnaryOp.Not, answer);
        // Until the answer is known, each element goes through the stages; after it, none is looked at.
        var stages = new List<LinqStage>(query.Stages);
        QueryLoop(query with { Stages = new List<LinqStage>() }, i, element =>
        {
            var test = new List<Stmt>();
            Stages(stages, 0, element, i, test, value =>
            {
                if (!all)
                {
                    _sink.Add(new Assign(answer, new Lit("bool", 1)));
                    return;
                }
                BindParameter(predicate!.Value.Lambda.Symbol.Parameters[0], value);
                Expr passes = LowerCondition(predicate.Value.Body);
                _sink.Add(new If(passes, EquatableArray<Stmt>.Empty, EquatableArray.Of<Stmt>(new Assign(answer, new Lit("bool", 0)))));
            });
            _sink.Add(new If(undecided, test.ToEquatable(), EquatableArray<Stmt>.Empty));
        });
        return E.To(type, answer);
    }
}
