using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>Enumerable.Aggregate</c> with a floating accumulator, over any query the aggregates take (an array,
/// <c>Enumerable.Range</c>, a Zip, then Select and Where stages): <c>xs.Aggregate(0.0, (acc, x) =&gt; acc + x * x)</c>,
/// <c>Enumerable.Range(1, n).Aggregate(1.0, (p, k) =&gt; p * x / k)</c>, <c>xs.Aggregate((a, b) =&gt; a * b)</c> and
/// <c>Aggregate(seed, f, result =&gt; …)</c>. It becomes the loop .NET runs: the seed (or, without one, the first
/// element, throwing on an empty sequence as .NET does) and then <c>acc = f(acc, x)</c> per element, with the fold
/// lambda inlined, so it is differentiated through every step.
/// </summary>
internal sealed partial class MethodLowering
{
    private Expr? LinqFold(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!IsEnumerable(target) || target.Name != "Aggregate" || call.Arguments.Length is < 2 or > 4) return null;
        bool seeded = call.Arguments.Length >= 3;
        IOperation funcArgument = call.Arguments[seeded ? 2 : 1].Value;
        if (Stage(funcArgument, filter: false) is not LinqStage fold || fold.Lambda.Symbol.Parameters.Length != 2) return null;
        LinqStage? result = null;
        if (call.Arguments.Length == 4)
        {
            if (Stage(call.Arguments[3].Value, filter: false) is not LinqStage r || r.Lambda.Symbol.Parameters.Length != 1) return null;
            result = r;
        }
        string accumulator = TypeClassifier.Text(fold.Lambda.Symbol.Parameters[0].Type);
        if (accumulator is not ("double" or "float") || !TypeClassifier.IsFloating(call.Type)) return null;
        // .NET evaluates the seed before it enumerates anything: a Range's bounds (checked in Query) come first, as
        // the receiver is evaluated first.
        if (Query(call.Arguments[0].Value, null, intElements: seeded) is not LinqQuery query) return null;
        if (!seeded && query.ValueType != accumulator) return null;
        if (!YieldsNumbers(query)) return null; // a.Zip(b)'s pairs or a jagged array's rows: not taken apart for a fold

        var acc = new Ref(accumulator, NewTemp("acc", accumulator));
        Ref? taken = seeded ? null : new Ref("int", NewTemp("count", "int"));
        _sink.Add(new Assign(acc, seeded ? E.To(accumulator, HoistCalls(LowerExpr(call.Arguments[1].Value), _sink)) : new Lit(accumulator, 0)));
        if (taken is not null) _sink.Add(new Assign(taken, new Lit("int", 0)));

        var i = new Ref("int", NewTemp("i", "int"));
        QueryLoop(query, i, value =>
        {
            var step = new System.Collections.Generic.List<Stmt>();
            using (Sink(step))
            {
                BindParameter(fold.Lambda.Symbol.Parameters[0], acc);
                BindParameter(fold.Lambda.Symbol.Parameters[1], value);
                _sink.Add(new Assign(acc, E.To(accumulator, HoistCalls(LowerExpr(fold.Body), _sink))));
            }
            if (taken is null)
            {
                _sink.AddRange(step);
                return;
            }
            // Without a seed the first element is the accumulator's start, and f runs from the second on.
            _sink.Add(new If(new Bin("bool", BinaryOp.Equal, taken, new Lit("int", 0)),
                EquatableArray.Of<Stmt>(new Assign(acc, E.To(accumulator, value))), step.ToEquatable()));
            _sink.Add(new Assign(taken, new Bin("int", BinaryOp.Add, taken, new Lit("int", 1))));
        });
        if (taken is not null) _sink.Add(EmptySequenceCheck(taken));
        if (result is not LinqStage selector) return E.To(type, acc);
        BindParameter(selector.Lambda.Symbol.Parameters[0], acc);
        return E.To(type, Selected(TypeClassifier.Text(selector.Lambda.Symbol.ReturnType), selector.Body));
    }
}
