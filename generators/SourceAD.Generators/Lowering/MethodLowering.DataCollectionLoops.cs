using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>foreach</c> over a data collection (a <c>[NoDerivative]</c> parameter or a data member: a
/// <c>Dictionary&lt;int, double&gt;</c>, its <c>Values</c> or <c>Keys</c>, a <c>List</c> of records): the collection is
/// copied once, at the top of the method, into data arrays (<c>Enumerable.ToArray</c>, which enumerates in the order
/// <c>foreach</c> does), and the loop walks them by index, so every generated member sees the same elements in the same
/// order. A dictionary's pairs are two arrays, keys and values, read by the pair's <c>Key</c> and <c>Value</c> or by its
/// deconstruction (<c>foreach (var (power, c) in terms)</c>). The collection is data: it is neither changed nor
/// differentiated here (a call that changes it is refused elsewhere).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The loop variable of a <c>foreach</c> over a data dictionary, read by <c>kv.Key</c> and <c>kv.Value</c>.</summary>
    private readonly Dictionary<ILocalSymbol, (Ref Key, Ref Value)> _pairLocals = new(SymbolEqualityComparer.Default);

    /// <summary>True when <paramref name="loop"/> walks a data collection and was lowered (or refused) here.</summary>
    private bool ForEachOverDataCollection(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = Unwrap(loop.Collection);
        if (collection.Type is null or IArrayTypeSymbol || !IsCollectionType(collection.Type) || DataRootText(collection) is not string root ||
            EnumeratedElement(collection.Type) is not ITypeSymbol element) return false;
        if (element is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair &&
            pair.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic")
        {
            return ForEachOverDataPairs(loop, output, root, pair.TypeArguments[0], pair.TypeArguments[1]);
        }
        if (!IsAggregate(element) && !IsDataScalar(element)) return false;
        string alias = DataCollectionArray(root, element, "", "items");
        if (IsAggregate(element))
        {
            if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { IsRef: false } control } || LocalAggregate(control, loop) is not AggVar aggregate)
            {
                Unsupported(loop, "This foreach over a data collection of structs", $"declare one loop variable: foreach (var item in {Short(collection)})");
                return true;
            }
            AggregateLoop(loop, output, aggregate, i => DataArrayElement(alias, aggregate.Shape, i), new Len(alias));
            return true;
        }
        _loopDepth++;
        LowerForEach(loop, output, alias);
        _loopDepth--;
        return true;
    }

    /// <summary>
    /// <c>foreach (var (k, v) in dict)</c>, <c>foreach (KeyValuePair&lt;K, V&gt; kv in dict)</c> over a data dictionary:
    /// keys and values are two data arrays in the dictionary's order; the loop sets the deconstructed locals, or the pair's
    /// two parts that <c>kv.Key</c> and <c>kv.Value</c> read.
    /// </summary>
    private bool ForEachOverDataPairs(IForEachLoopOperation loop, List<Stmt> output, string root, ITypeSymbol keyType, ITypeSymbol valueType)
    {
        if (!IsDataScalar(keyType) || !IsDataScalar(valueType))
        {
            Unsupported(loop, "This foreach over a dictionary of structs", "keep numbers in the dictionary (one per field), or iterate over an array of the structs");
            return true;
        }
        string kt = TypeClassifier.Text(keyType), vt = TypeClassifier.Text(valueType);
        string keys = DataCollectionArray(root, keyType, ".Key", "keys");
        string values = DataCollectionArray(root, valueType, ".Value", "values");
        string index = NewTemp("i", "int");
        var at = new Ref("int", index);
        var body = new List<Stmt>();
        switch (loop.LoopControlVariable)
        {
            case IVariableDeclaratorOperation { Symbol: { IsRef: false } kv }:
                if (PairUseOtherThanParts(loop.Body, kv) is IOperation other)
                {
                    Unsupported(other, $"Using the pair '{kv.Name}' other than by {kv.Name}.Key and {kv.Name}.Value", $"read {kv.Name}.Key and {kv.Name}.Value, or deconstruct it: foreach (var (key, value) in ...)");
                    return true;
                }
                var parts = (new Ref(kt, NewTemp(kv.Name + "Key", kt)), new Ref(vt, NewTemp(kv.Name + "Value", vt)));
                _pairLocals[kv] = parts;
                body.Add(new Assign(parts.Item1, new Elem(kt, keys, at)));
                body.Add(new Assign(parts.Item2, new Elem(vt, values, at)));
                break;
            case var deconstruction when DeconstructedLocals(deconstruction) is { Count: 2 } locals:
                if (locals[0] is ILocalSymbol k) body.Add(new Assign(new Ref(TypeClassifier.Text(k.Type), DeclareLocal(k)), E.To(TypeClassifier.Text(k.Type), new Elem(kt, keys, at))));
                if (locals[1] is ILocalSymbol v) body.Add(new Assign(new Ref(TypeClassifier.Text(v.Type), DeclareLocal(v)), E.To(TypeClassifier.Text(v.Type), new Elem(vt, values, at))));
                break;
            default:
                Unsupported(loop, "This foreach over a dictionary", "foreach (var (key, value) in dict) or foreach (var kv in dict) with kv.Key and kv.Value");
                return true;
        }
        _loopDepth++;
        LowerStatement(loop.Body, body);
        _loopDepth--;
        AddIndexLoop(output, index, new Bin("bool", BinaryOp.LessThan, at, new Len(keys)), body);
        return true;
    }

    /// <summary><c>kv.Key</c> or <c>kv.Value</c> of a <c>foreach</c> pair over a data dictionary; null for anything else.</summary>
    private Expr? DataPairPart(IPropertyReferenceOperation prop, string type)
    {
        if (prop.Instance is not ILocalReferenceOperation { Local: var local } || !_pairLocals.TryGetValue(local, out var parts)) return null;
        return prop.Property.Name switch
        {
            "Key" => E.To(type, parts.Key),
            "Value" => E.To(type, parts.Value),
            _ => null,
        };
    }

    /// <summary>The first use of the pair <paramref name="kv"/> in <paramref name="body"/> that is not <c>kv.Key</c> or <c>kv.Value</c>.</summary>
    private static IOperation? PairUseOtherThanParts(IOperation body, ILocalSymbol kv) =>
        body.DescendantsAndSelf().OfType<ILocalReferenceOperation>().FirstOrDefault(l =>
            SymbolEqualityComparer.Default.Equals(l.Local, kv) &&
            l.Parent is not IPropertyReferenceOperation { Property.Name: "Key" or "Value" });

    /// <summary>
    /// The locals of <c>var (a, b)</c> or <c>(int a, double b)</c>, in order, a discard as null; null when the loop
    /// variable is not a deconstruction into locals.
    /// </summary>
    private static List<ILocalSymbol?>? DeconstructedLocals(IOperation? control)
    {
        IOperation? tuple = control is IDeclarationExpressionOperation d ? d.Expression : control;
        if (tuple is not ITupleOperation t) return null;
        var locals = new List<ILocalSymbol?>();
        foreach (IOperation e in t.Elements)
        {
            switch (e is IDeclarationExpressionOperation de ? de.Expression : e)
            {
                case ILocalReferenceOperation l: locals.Add(l.Local); break;
                case IDiscardOperation: locals.Add(null); break;
                default: return null;
            }
        }
        return locals;
    }

    /// <summary>
    /// The data array of a data collection's elements (or of one part of them: <c>.Key</c>, <c>.Value</c> of each pair),
    /// bound once at the top of the method, as a static table's alias is.
    /// </summary>
    private string DataCollectionArray(string root, ITypeSymbol element, string part, string hint)
    {
        string et = TypeClassifier.Text(element);
        string source = part.Length == 0 ? root : $"global::System.Linq.Enumerable.Select({root}, static p => p{part})";
        string text = $"global::System.Linq.Enumerable.ToArray<{et}>({source})";
        if (_dataArrays.TryGetValue(text, out string? alias)) return alias;
        alias = NewTemp(hint, et + "[]", isArray: true, elementType: et);
        _arrays.Add(alias);
        _dataArrays[text] = alias;
        _dataArrayAliases.Add(new Assign(new Ref(et + "[]", alias), new Opaque(et + "[]", text)));
        return alias;
    }

    /// <summary>What <c>foreach</c> over <paramref name="type"/> yields: the T of the IEnumerable&lt;T&gt; it is or implements.</summary>
    private static ITypeSymbol? EnumeratedElement(ITypeSymbol type) =>
        new[] { type }.Concat(type.AllInterfaces).OfType<INamedTypeSymbol>()
            .FirstOrDefault(t => t.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)?.TypeArguments[0];

    /// <summary>An element a data array may hold and the lowering reads as a value: a number, a bool, an enum or a string.</summary>
    private static bool IsDataScalar(ITypeSymbol type) =>
        IsPlainValue(type) || type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_String;

    /// <summary>
    /// A data collection of records or structs (not an array) as a LINQ source: its data array, element type and shape;
    /// null for anything else.
    /// </summary>
    private (string Array, ITypeSymbol Element, AggregateShape Shape)? DataRecords(IOperation source)
    {
        if (source.Type is null or IArrayTypeSymbol || !IsCollectionType(source.Type) || DataRootText(source) is not string root ||
            EnumeratedElement(source.Type) is not ITypeSymbol element || !IsAggregate(element) || ShapeOf(element, source) is not AggregateShape shape) return null;
        return (DataCollectionArray(root, element, "", "items"), element, shape);
    }

    /// <summary>A lambda parameter taking each record of a data array: its leaves are set from the element, as a foreach variable's are.</summary>
    private void BindDataRecordParameter(IParameterSymbol parameter, string alias, AggregateShape shape, Ref index)
    {
        if (!_aggregateVars.TryGetValue(parameter, out AggVar? record))
        {
            string owner = Name(parameter, parameter.Name);
            record = new AggVar(shape, LeavesOf(shape).Select(l => NewScalarLocal(Flat(owner, l.Path), l.Type)).ToArray(), false);
            _aggregateVars[parameter] = record;
        }
        AssignLeaves(Refs(record), DataArrayElement(alias, shape, index), _sink);
    }
}
