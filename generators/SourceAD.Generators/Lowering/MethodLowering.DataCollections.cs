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
        if (receiver is null || DataRootText(receiver) is not string root || !PassiveLookupArguments(call.Arguments)) return null;
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
    /// The rewrite for <c>p.TryGetValue(key, out v)</c> on a collection: the lookups above. Its out local would be written
    /// where no analysis sees it (the record-or-recompute choice reads writes from the IR), so it stays refused.
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
