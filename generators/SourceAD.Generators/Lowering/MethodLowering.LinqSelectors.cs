using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// LINQ sums and means with a selector over a 1-D array: <c>a.Sum(v =&gt; v * v)</c>, <c>a.Average(v =&gt; …)</c>,
/// <c>a.Select(v =&gt; …).Sum()</c> and <c>a.Select(v =&gt; …).Average()</c>, the selector an expression lambda. They
/// become the loop <c>System.Linq.Enumerable</c> runs: a double accumulator over the elements in order, the lambda's
/// body inlined with its parameter bound to the element, so the value is the one .NET computes and the selector is
/// differentiated as part of the method. Average divides by the count and throws on an empty array, as .NET does.
/// Other LINQ (Where, Max/Min with a selector, block lambdas, non-array sources) keeps the general refusal.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string LinqEnumerable = "System.Linq.Enumerable";

    private Expr? LinqSelectorAggregate(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.ContainingType?.ToDisplayString() != LinqEnumerable || target.Name is not ("Sum" or "Average") ||
            call.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)) return null;
        IOperation source;
        IAnonymousFunctionOperation? selector;
        if (call.Arguments.Length == 2)
        {
            // a.Sum(v => …)
            source = Unwrap(call.Arguments[0].Value);
            selector = LambdaOf(call.Arguments[1].Value);
        }
        else if (call.Arguments.Length == 1 && Unwrap(call.Arguments[0].Value) is IInvocationOperation
                 {
                     TargetMethod: { Name: "Select", ContainingType: { } selectType }, Arguments.Length: 2,
                 } select && selectType.ToDisplayString() == LinqEnumerable)
        {
            // a.Select(v => …).Sum()
            source = Unwrap(select.Arguments[0].Value);
            selector = LambdaOf(select.Arguments[1].Value);
        }
        else
        {
            return null;
        }
        if (selector is not { Symbol.Parameters.Length: 1 } || source.Type is not IArrayTypeSymbol { Rank: 1 } arrayType) return null;
        if (selector.Body.Operations.Length != 1 || selector.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } body }) return null;

        string array = ArrayName(source);
        string et = TypeClassifier.Text(arrayType.ElementType);
        IParameterSymbol parameter = selector.Symbol.Parameters[0];
        var i = new Ref("int", NewTemp("i", "int"));
        var sum = new Ref("double", NewTemp("sum", "double"));
        _sink.Add(new Assign(sum, new Lit("double", 0)));

        // for (i = 0; i < a.Length; i++) { v = a[i]; sum = sum + (double)(selector body); }
        var loop = new List<Stmt>();
        using (Sink(loop))
        {
            string element = NewLocal(parameter.Name, parameter.Type);
            _names[parameter] = element;
            _sink.Add(new Assign(new Ref(TypeClassifier.Text(parameter.Type), element), E.To(TypeClassifier.Text(parameter.Type), new Elem(et, array, i))));
            _loopDepth++;
            Expr value = LowerExpr(body);
            _loopDepth--;
            _sink.Add(new Assign(sum, new Bin("double", "+", sum, E.To("double", value))));
        }
        _sink.Add(new For(i.Name, new Lit("int", 0), new Bin("bool", "<", i, new Len(array)), 1, loop.ToEquatable()));
        if (target.Name == "Sum") return E.To(type, sum);
        _sink.Add(new If(new Bin("bool", "==", new Len(array), new Lit("int", 0)),
            EquatableArray.Of<Stmt>(new ThrowStmt("throw new global::System.InvalidOperationException(\"Sequence contains no elements\");")), EquatableArray<Stmt>.Empty));
        return E.To(type, new Bin("double", "/", sum, new Conv("double", new Len(array))));
    }
}
