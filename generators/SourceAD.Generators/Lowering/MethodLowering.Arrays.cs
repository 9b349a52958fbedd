using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Array values: initializers (<c>double[] w = { … }</c>, <c>new[] { x, y }</c>), collection expressions
/// (<c>[x, y]</c>), <c>stackalloc</c> (a Span local becomes a local array: same values, heap storage), foreach over any
/// of them, array fields read as data (a <c>static readonly</c> coefficient table), and the LINQ aggregates Sum,
/// Average, Max and Min over arrays.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Field arrays read as data, by their emitted text, and the local that aliases each.</summary>
    private readonly Dictionary<string, string> _dataArrays = new();

    /// <summary>Statements that bind each data array's local; they run first in the method.</summary>
    private readonly List<Stmt> _dataArrayAliases = new();

    private static bool IsStackAlloc(IOperation op) =>
        Unwrap(op).Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax;


    private static bool IsArrayValue(IOperation init) =>
        IsStackAlloc(init) || Unwrap(init) is IArrayCreationOperation { Initializer: not null, DimensionSizes.Length: 1 } or ICollectionExpressionOperation;

    /// <summary>
    /// <c>Span&lt;double&gt; buf = n &lt;= 64 ? stackalloc double[n] : new double[n];</c>, the stack-or-heap idiom: both
    /// branches allocate a fresh zeroed array, so the local is one array whose length is the branch taken's (a local
    /// array lives on the heap here either way, as a lone <c>stackalloc</c> does). False when <paramref name="init"/> is
    /// not a <c>?:</c> of two such allocations.
    /// </summary>
    private bool TryLowerChosenAllocation(ITypeSymbol localType, string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IConditionalOperation { WhenFalse: not null } choice ||
            FreshLength(choice.WhenTrue) is not IOperation whenTrue || FreshLength(choice.WhenFalse) is not IOperation whenFalse ||
            TypeClassifier.ElementOf(localType, out _, out _) is not ITypeSymbol element)
        {
            return false;
        }
        // Calls there would need the ?: lowering's if/else (only the taken side runs); sizes are plain integer
        // expressions in the idiom, so anything else keeps the refusal with its rewrite.
        if (new[] { choice.Condition, whenTrue, whenFalse }.Any(o => o.DescendantsAndSelf().Any(x => x is IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation)))
        {
            return false;
        }
        var length = new Cond("int", LowerExpr(choice.Condition), E.To("int", LowerExpr(whenTrue)), E.To("int", LowerExpr(whenFalse)));
        output.Add(new NewArray(name, TypeClassifier.Text(element), length));
        return true;
    }

    /// <summary>The length operand of <c>stackalloc T[n]</c> or <c>new T[n]</c> (no initializer), else null.</summary>
    private IOperation? FreshLength(IOperation branch)
    {
        IOperation value = Unwrap(branch);
        if (value is IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1 } create) return create.DimensionSizes[0];
        if (value.Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax arrayType } &&
            arrayType.RankSpecifiers.Count == 1 && arrayType.RankSpecifiers[0].Sizes.Count == 1)
        {
            return ModelOf(arrayType.SyntaxTree).GetOperation(arrayType.RankSpecifiers[0].Sizes[0], _ct);
        }
        return null;
    }

    /// <summary>Allocates local array <paramref name="name"/> and writes the elements of <paramref name="init"/>.</summary>
    private void LowerArrayValue(string name, IOperation init, List<Stmt> output)
    {
        IOperation value = Unwrap(init);
        ITypeSymbol? elementType = TypeClassifier.ElementOf(init.Type ?? value.Type!, out _, out _) ?? (value.Type is null ? null : TypeClassifier.ElementOf(value.Type, out _, out _));
        IReadOnlyList<IOperation>? elements = null;
        Expr? length = null;
        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                elements = initializer.ElementValues;
                break;
            case ICollectionExpressionOperation collection:
                if (collection.Elements.Any(e => e is ISpreadOperation))
                {
                    Unsupported(init, "A spread (..) in a collection expression", "copy the elements with a loop");
                    return;
                }
                elements = collection.Elements;
                break;
            default:
            {
                // stackalloc T[n] or stackalloc T[] { … }: Roslyn has no operation for it, so read the syntax.
                InitializerExpressionSyntax? list = value.Syntax switch
                {
                    StackAllocArrayCreationExpressionSyntax s => s.Initializer,
                    ImplicitStackAllocArrayCreationExpressionSyntax s => s.Initializer,
                    _ => null,
                };
                if (list is not null)
                {
                    elements = list.Expressions.Select(e => ModelOf(e.SyntaxTree).GetOperation(e, _ct)).Where(o => o is not null).ToList()!;
                }
                else if (value.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax arrayType } &&
                         arrayType.RankSpecifiers.Count == 1 && arrayType.RankSpecifiers[0].Sizes.Count == 1 &&
                         ModelOf(arrayType.SyntaxTree).GetOperation(arrayType.RankSpecifiers[0].Sizes[0], _ct) is IOperation sizeOp)
                {
                    length = HoistCalls(LowerExpr(sizeOp), output);
                }
                break;
            }
        }
        if (elementType is null || (elements is null && length is null))
        {
            Unsupported(init, $"The array value '{Short(init)}'", "use new T[n], an initializer { … }, new[] { … }, [ … ] or stackalloc T[n]");
            return;
        }
        string et = TypeClassifier.Text(elementType);
        if (elements is null)
        {
            output.Add(new NewArray(name, et, length!));
            return;
        }
        List<Expr> values = LowerOperands(elements);
        output.Add(new NewArray(name, et, new Lit("int", values.Count)));
        for (int i = 0; i < values.Count; i++)
        {
            output.Add(new Assign(new Elem(et, name, new Lit("int", i)), HoistCalls(E.To(et, values[i]), output)));
        }
    }

    /// <summary>
    /// <c>foreach (var v in new[] { … })</c>, <c>in [ … ]</c>, over a field array, or over what a helper returns
    /// (inlined, MethodLowering.ArrayReturningCalls.cs): the values go into a local array first.
    /// </summary>
    private bool ForEachOverExpression(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = Unwrap(loop.Collection);
        string? array = null;
        if (IsArrayValue(collection) && TypeClassifier.ElementOf(collection.Type!, out _, out _) is ITypeSymbol element)
        {
            array = NewTemp("items", TypeClassifier.Text(collection.Type!), isArray: true, elementType: TypeClassifier.Text(element));
            _arrays.Add(array);
            LowerArrayValue(array, collection, output);
        }
        else if (IsArrayRange(collection) && collection.Type is IArrayTypeSymbol rangeType)
        {
            // foreach (var v in x[1..^1]): C# iterates a copy, so the body's writes to x never show in it.
            array = NewTemp("range", TypeClassifier.Text(rangeType), isArray: true, elementType: TypeClassifier.Text(rangeType.ElementType));
            _arrays.Add(array);
            LowerArrayCopy(array, collection, output);
        }
        else if (AggregateShapes.TupleShape(AggregateElement(collection.Type)) is not null)
        {
            // A field array of tuples is read leaf by leaf (MethodLowering.TupleArrays.cs).
            return false;
        }
        else if (collection is IFieldReferenceOperation or IPropertyReferenceOperation && DataArray(collection) is string data)
        {
            array = data;
        }
        else if (collection is IFieldReferenceOperation field && NestedGradientArrayName(field) is string nested)
        {
            array = nested;
        }
        else if (EnumValuesArray(collection) is string values)
        {
            array = values;
        }
        else if (collection.Type is IArrayTypeSymbol { Rank: 1, ElementType: not IArrayTypeSymbol })
        {
            array = InlinedArrayOf(collection, output, "Iterating over");
            if (array == "__invalid") return true;
        }
        if (array is null) return false;
        _loopDepth++;
        LowerForEach(loop, output, array);
        _loopDepth--;
        return true;
    }

    /// <summary>
    /// A one-dimensional array field (static, or of this instance) read as data: a local aliases it, bound at the top
    /// of the method, so the transforms treat it as a passive local array. Null when <paramref name="op"/> is not one.
    /// </summary>
    private string? DataArray(IOperation op)
    {
        if (op is not IFieldReferenceOperation { Field: var field } || field.Type is not IArrayTypeSymbol { Rank: 1 } arrayType || !Receiverless(op)) return null;
        string text = OpaqueText(op);
        if (_dataArrays.TryGetValue(text, out string? alias)) return alias;
        alias = NewTemp(field.Name.TrimStart('_'), TypeClassifier.Text(arrayType), isArray: true, elementType: TypeClassifier.Text(arrayType.ElementType));
        _arrays.Add(alias);
        _dataArrays[text] = alias;
        _dataArrayAliases.Add(new Assign(new Ref(TypeClassifier.Text(arrayType), alias), new Opaque(TypeClassifier.Text(arrayType), text)));
        return alias;
    }

    private bool IsDataArray(string name) => _dataArrays.ContainsValue(name);

    /// <summary>
    /// <c>Enum.GetValues&lt;Kind&gt;()</c> (the values of an enum, a fresh array each call, never changed here): a data
    /// alias bound at the top like a static table's, so <c>foreach (Kind k in Enum.GetValues&lt;Kind&gt;())</c> walks a
    /// passive local array. Null for anything else.
    /// </summary>
    private string? EnumValuesArray(IOperation op)
    {
        if (op is not IInvocationOperation { TargetMethod: { Name: "GetValues", IsGenericMethod: true } method, Arguments.Length: 0 } ||
            method.ContainingType?.SpecialType != SpecialType.System_Enum || op.Type is not IArrayTypeSymbol { Rank: 1, ElementType.TypeKind: TypeKind.Enum } arrayType) return null;
        string element = TypeClassifier.Text(arrayType.ElementType);
        string text = $"global::System.Enum.GetValues<{element}>()";
        if (_dataArrays.TryGetValue(text, out string? alias)) return alias;
        alias = NewTemp(arrayType.ElementType.Name.ToLowerInvariant() + "Values", TypeClassifier.Text(arrayType), isArray: true, elementType: element);
        _arrays.Add(alias);
        _dataArrays[text] = alias;
        _dataArrayAliases.Add(new Assign(new Ref(TypeClassifier.Text(arrayType), alias), new Opaque(TypeClassifier.Text(arrayType), text)));
        return alias;
    }

    // ---------------------------------------------------------------- LINQ aggregates

    /// <summary>
    /// <c>a.Sum()</c>, <c>a.Average()</c>, <c>a.Max()</c>, <c>a.Min()</c> of <c>System.Linq.Enumerable</c> over a
    /// double or float array, without a selector. Sum and Average are the loop .NET runs (a double accumulator, in
    /// order), so the value is bit for bit the same; Max and Min call Enumerable for the value and differentiate with
    /// the method's reduction tie rule (NonsmoothRules), as Nonsmooth.Max does.
    /// </summary>
    private Expr? LinqAggregate(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!IsEnumerable(target) || call.Arguments.Length != 1 ||
            target.Name is not ("Sum" or "Average" or "Max" or "Min") || !TypeClassifier.IsFloating(call.Type)) return null;
        IOperation source = Unwrap(call.Arguments[0].Value);
        // Other sources (integer arrays, lists) keep the general call path (passive when nothing active flows in).
        if (source.Type is not IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } arrayType) return null;
        // A row of a jagged array is read in place by the query loop (MethodLowering.LinqSelectors.cs).
        if (IsJaggedRow(source)) return null;
        string et = TypeClassifier.Text(arrayType.ElementType);
        if (PrimitiveBinding.Reduction(target, new[] { source.Type }) is string reduction) return LinqReduction(reduction, et, ArrayName(source), type);

        string array = ArrayName(source);
        var i = new Ref("int", NewTemp("i", "int"));
        var sum = new Ref("double", NewTemp("sum", "double"));
        _sink.Add(new Assign(sum, new Lit("double", 0)));
        _sink.Add(new For(i.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, i, new Len(array)), 1,
            EquatableArray.Of<Stmt>(new Assign(sum, new Bin("double", BinaryOp.Add, sum, E.To("double", new Elem(et, array, i)))))));
        if (target.Name == "Sum") return E.To(type, sum);
        _sink.Add(new If(new Bin("bool", BinaryOp.Equal, new Len(array), new Lit("int", 0)),
            EquatableArray.Of<Stmt>(new ThrowStmt("throw new global::System.InvalidOperationException(\"Sequence contains no elements\");")), EquatableArray<Stmt>.Empty));
        return E.To(type, new Bin("double", BinaryOp.Divide, sum, new Conv("double", new Len(array))));
    }

    /// <summary>
    /// <c>Enumerable.Max</c>/<c>Min</c> of a double or float array: Enumerable computes the value, and the method's
    /// reduction tie rule (NonsmoothRules) differentiates it, as Nonsmooth.Max does.
    /// </summary>
    private Call LinqReduction(string name, string elementType, string array, string type)
    {
        var reduction = (Call)Reduction(name, elementType, elementType + "[]", array, type);
        string typeArgs = reduction.Target.TypeArguments;
        return reduction with
        {
            Target = reduction.Target with
            {
                Receiver = "global::System.Linq.Enumerable",
                TypeArguments = "",
                // The rules are generic over spans; the array argument needs the element type spelled out.
                PullbackName = reduction.Target.PullbackName + typeArgs,
                PushforwardName = reduction.Target.PushforwardName + typeArgs,
            },
        };
    }
}
