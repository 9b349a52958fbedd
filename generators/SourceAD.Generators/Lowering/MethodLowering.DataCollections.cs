using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Lookups in a collection that is a data parameter (<c>[NoDerivative] Dictionary&lt;string, double&gt; p</c>, an
/// <c>IReadOnlyList&lt;int&gt;</c> of indices): <c>p["a"]</c>, <c>p.GetValueOrDefault("c", 0.0)</c>, <c>p.ContainsKey(k)</c>.
/// They are passive reads, printed in place and rerun by every generated member as a data parameter's fields are
/// (MethodLowering.DataParameters.cs). Only the indexer's getter and the lookups below, which read and never change the
/// collection: a call that mutates it (<c>Add</c>, <c>Remove</c>, <c>Dequeue</c>) would run again in each sweep.
/// </summary>
internal sealed partial class MethodLowering
{
    private static readonly ImmutableHashSet<string> CollectionLookups = ImmutableHashSet.Create("GetValueOrDefault", "ContainsKey", "ContainsValue", "Contains", "IndexOf", "LastIndexOf");

    private static bool IsCollectionType(ITypeSymbol? type) =>
        type?.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections.Frozen" or "System.Collections.Immutable" or "System.Collections.ObjectModel";

    /// <summary><c>p[key]</c> on a data parameter's collection, as a passive read; null for anything else.</summary>
    private Expr? DataCollectionIndexer(IPropertyReferenceOperation indexer, string type)
    {
        if (!indexer.Property.IsIndexer || indexer.Instance is null || !IsCollectionType(indexer.Property.ContainingType)) return null;
        if (RefuseUnmarkedCollection(indexer, indexer.Instance)) return new Lit(type, 0);
        if (DataRootText(indexer.Instance) is not string root || !PassiveLookupArguments(indexer.Arguments)) return null;
        var operands = InOrder(indexer.Arguments).Select(PassiveArgument).ToList();
        return new DataRead(type, $"{Escape(root)}[{Placeholders(0, operands.Count)}]", operands.ToEquatable());
    }

    /// <summary><c>p.ContainsKey(k)</c>, <c>p.GetValueOrDefault(k, 0.0)</c> (an extension method) on a data parameter's collection; null for anything else.</summary>
    private Expr? DataCollectionLookup(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!CollectionLookups.Contains(target.Name) || !IsCollectionType(target.ContainingType)) return null;
        List<IOperation> args = InOrder(call.Arguments);
        // An extension method (CollectionExtensions.GetValueOrDefault) takes the collection as its first argument.
        IOperation? receiver = target.IsExtensionMethod && call.Instance is null ? args.FirstOrDefault() : call.Instance;
        // The receiver converted to the interface the method is declared on (Dictionary to IReadOnlyDictionary).
        if (receiver is IConversionOperation { Conversion.IsReference: true } widened) receiver = widened.Operand;
        if (receiver is not null && RefuseUnmarkedCollection(call, receiver)) return new Lit(type, 0);
        if (receiver is null || DataRootText(receiver) is not string root) return null;
        if (!PassiveLookupArguments(call.Arguments))
            return target.Name == "GetValueOrDefault" && args.Count == (call.Instance is null ? 3 : 2) ? VariedDefaultLookup(receiver, root, args, type) : null;
        if (target.IsExtensionMethod && call.Instance is null)
        {
            // Called as the static method it is: generated files have no using for its namespace.
            var rest = args.Skip(1).Select(PassiveArgument).ToList();
            string others = rest.Count == 0 ? "" : ", " + Placeholders(0, rest.Count);
            return new DataRead(type, $"{TypeClassifier.Text(target.ContainingType!)}.{Identifiers.Escape(target.Name)}({Escape(root)}{others})", rest.ToEquatable());
        }
        var operands = args.Select(PassiveArgument).ToList();
        return new DataRead(type, $"{Escape(root)}.{Identifiers.Escape(target.Name)}({Placeholders(0, operands.Count)})", operands.ToEquatable());
    }

    /// <summary>
    /// A lookup in a collection parameter that holds floating values and is not [NoDerivative]
    /// (<c>Dictionary&lt;string, double&gt; p</c>): refused with the mark as its rewrite (and its code fix), as a member read
    /// of such a parameter is (<see cref="RefuseUnmarkedDataRead"/>), rather than read as a constant unasked.
    /// </summary>
    private bool RefuseUnmarkedCollection(IOperation lookup, IOperation receiver)
    {
        if (Unwrap(receiver) is not IParameterReferenceOperation { Parameter: var parameter } || !IsCollectionType(parameter.Type) ||
            !IsDataShaped(parameter) || IsDataParameter(parameter)) return false;
        Unsupported(lookup, $"Reading '{Short(lookup)}' of the parameter '{parameter.Name}', whose type holds floating values,",
            $"mark '{parameter.Name}' [NoDerivative] if it is data (its values are then constants), or pass the values to differentiate as double or double[] parameters", markable: parameter);
        return true;
    }

    /// <summary>
    /// <c>p.GetValueOrDefault(key, fallback)</c> whose fallback carries a derivative (<c>p.GetValueOrDefault("a", x)</c>):
    /// <c>p.ContainsKey(key) ? p[key] : fallback</c>, so the derivative flows through the fallback when the key is
    /// missing. The fallback is lowered where C# evaluates it, before the lookup, whether or not it is used.
    /// </summary>
    private Expr? VariedDefaultLookup(IOperation receiver, string root, List<IOperation> args, string type)
    {
        IOperation key = args[args.Count - 2], fallback = args[args.Count - 1];
        if (!HasKeyedIndexer(receiver.Type) || key.Type is null || TypeClassifier.IsFloating(key.Type) && !Unwrap(key).ConstantValue.HasValue) return null;
        Expr k = PassiveArgument(key);
        Expr otherwise = E.To(type, LowerExpr(fallback));
        return new Cond(type, ContainsKeyRead(root, k), new DataRead(type, $"{Escape(root)}[{{0}}]", new[] { k }.ToEquatable()), otherwise);
    }

    /// <summary>
    /// <c>p.TryGetValue(key, out v)</c> on a data parameter's dictionary. Its out target is assigned, in the sink, the
    /// value TryGetValue would give it: <c>p[key]</c> when the key is there, else <c>default</c> (an ordinary write of
    /// an IR local, which every analysis sees); the call's value is <c>p.ContainsKey(key)</c>. Both reads are passive
    /// and pure, so reading twice is reading once. Null for anything else (refused at the call, with the rewrite).
    /// </summary>
    private Expr? DataTryGetValue(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.Name != "TryGetValue" || !IsCollectionType(target.ContainingType) || call.Instance is null ||
            target.Parameters.Length != 2 || target.Parameters[1].RefKind != RefKind.Out) return null;
        IOperation receiver = call.Instance is IConversionOperation { Conversion.IsReference: true } widened ? widened.Operand : call.Instance;
        if (RefuseUnmarkedCollection(call, receiver)) return new Lit(type, 0);
        ITypeSymbol valueType = target.Parameters[1].Type;
        List<IOperation> args = InOrder(call.Arguments);
        if (DataRootText(receiver) is not string root || !HasKeyedIndexer(receiver.Type) || args.Count != 2 ||
            !PassiveLookupArguments(call.Arguments.Where(a => a.Parameter?.Ordinal == 0))) return null;
        if (!IsPlainValue(valueType))
        {
            Unsupported(call, $"The call '{Short(call)}', whose value is a {TypeClassifier.Text(valueType)},",
                $"keep numbers in the dictionary (one per field) and read them with {Short(receiver)}.TryGetValue(key, out double v) or {Short(receiver)}.GetValueOrDefault(key, fallback)");
            return new Lit(type, 0);
        }
        Expr key = PassiveArgument(args[0]);
        Expr? written = args[1] switch
        {
            IDiscardOperation => null,
            IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => new Ref(TypeClassifier.Text(l.Local.Type), DeclareLocal(l.Local)),
            IDeclarationExpressionOperation { Expression: IDiscardOperation } => null,
            var other => LowerTarget(other) ?? new Lit(type, 0),
        };
        if (written is Lit) return new Lit(type, 0);
        string value = TypeClassifier.Text(valueType);
        if (written is not null)
        {
            string read = $"({Escape(root)}.ContainsKey({{0}}) ? {Escape(root)}[{{0}}] : default({value}))";
            _sink.Add(new Assign(written, E.To(written.Type, new DataRead(value, read, new[] { key }.ToEquatable()))));
        }
        return ContainsKeyRead(root, key);
    }

    /// <summary>
    /// <c>p.TryGetValue(key, out Material m)</c> on a data dictionary of structs: each leaf of <c>m</c> is assigned, in
    /// the sink, <c>p[key].Leaf</c> when the key is there, else its default (what TryGetValue leaves in the struct), and
    /// the call's value is <c>p.ContainsKey(key)</c>, as <see cref="DataTryGetValue"/> does for numbers. Null when the
    /// call is not one (other forms keep their refusal).
    /// </summary>
    private Expr? DataTryGetAggregate(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.Name != "TryGetValue" || !IsCollectionType(target.ContainingType) || call.Instance is null ||
            target.Parameters.Length != 2 || target.Parameters[1].RefKind != RefKind.Out || !IsAggregate(target.Parameters[1].Type)) return null;
        IOperation receiver = call.Instance is IConversionOperation { Conversion.IsReference: true } widened ? widened.Operand : call.Instance;
        List<IOperation> args = InOrder(call.Arguments);
        if (DataRootText(receiver) is not string root || !HasKeyedIndexer(receiver.Type) || args.Count != 2 ||
            !PassiveLookupArguments(call.Arguments.Where(a => a.Parameter?.Ordinal == 0))) return null;
        ILocalSymbol? local = args[1] switch
        {
            IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => l.Local,
            ILocalReferenceOperation l => l.Local,
            _ => null,
        };
        if (local is null || !SymbolEqualityComparer.Default.Equals(local.Type, target.Parameters[1].Type) || LocalAggregate(local, call) is not AggVar written) return null;
        Expr key = PassiveArgument(args[0]);
        var values = LeavesOf(written.Shape).Select(l => (Expr)new DataRead(l.Type,
            $"({Escape(root)}.ContainsKey({{0}}) ? {Escape(root)}[{{0}}].{l.Path} : default({l.Type}))", new[] { key }.ToEquatable())).ToList();
        AssignLeaves(Refs(written), values, _sink);
        return E.To(type, ContainsKeyRead(root, key));
    }

    private static Expr ContainsKeyRead(string root, Expr key) => new DataRead("bool", $"{Escape(root)}.ContainsKey({{0}})", new[] { key }.ToEquatable());

    /// <summary>A dictionary type with <c>ContainsKey</c> and an indexer (its own or an interface's), which the reads above print.</summary>
    private static bool HasKeyedIndexer(ITypeSymbol? type) =>
        type is not null && new[] { type }.Concat(type.AllInterfaces).Any(t => t.GetMembers("ContainsKey").Any()) &&
        new[] { type }.Concat(type.AllInterfaces).Any(t => t.GetMembers().OfType<IPropertySymbol>().Any(p => p.IsIndexer));

    /// <summary>A value TryGetValue may write to an IR local: a number or a bool, not a struct or class to flatten.</summary>
    private static bool IsPlainValue(ITypeSymbol type) =>
        TypeClassifier.IsFloating(type) || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_UInt64;

    /// <summary>
    /// The rewrite for <c>p.TryGetValue(key, out v)</c> where it is not read as above (a collection that is not data, a
    /// value of a struct type): the lookups above.
    /// </summary>
    private static string? TryGetValueRewrite(IInvocationOperation call) =>
        call.TargetMethod.Name == "TryGetValue" && IsCollectionType(call.TargetMethod.ContainingType) && call.Instance is not null
            ? $"read it with {Short(call.Instance)}.GetValueOrDefault(key, fallback), or {Short(call.Instance)}.ContainsKey(key) ? {Short(call.Instance)}[key] : fallback"
            : null;

    /// <summary>
    /// Keys and defaults that carry no derivative: values of non-floating type, or floating constants (a default of 0.0).
    /// A varied default would be the value when the key is missing, whose derivative a passive read would drop.
    /// </summary>
    private static bool PassiveLookupArguments(IEnumerable<IArgumentOperation> arguments) =>
        arguments.All(a => a.Parameter?.RefKind is null or RefKind.None or RefKind.In &&
                           a.Value is not (IDelegateCreationOperation or IAnonymousFunctionOperation) &&
                           (a.Value.Type is null || !TypeClassifier.IsFloating(a.Value.Type) || Unwrap(a.Value).ConstantValue.HasValue || a.IsImplicit));

    private static List<IOperation> InOrder(IEnumerable<IArgumentOperation> arguments) =>
        arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue).OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();

    private static string Placeholders(int first, int count) => string.Join(", ", Enumerable.Range(first, count).Select(i => "{" + i + "}"));
}
