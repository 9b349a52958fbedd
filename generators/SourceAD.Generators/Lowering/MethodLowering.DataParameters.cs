using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Members of a data parameter read as passive values: a parameter of a struct or class type that is not
/// differentiated, read through fields and properties (<c>options.Iterations</c>, <c>data.model.is_mirrored</c>,
/// <c>model.bone_names[i]</c>). Scalars print in place; arrays are data arrays (MethodLowering.DataArrays.cs), read
/// element by element. A type without floating state (ints, bools, index arrays) is data as it is; one that holds
/// floating values is data only when marked [NoDerivative], so that no derivative is dropped without the user saying
/// so (structs and records with floating members are aggregates, MethodLowering.Aggregates.cs, differentiated unless
/// [NoDerivative]). Reading an unmarked one is refused with that rewrite.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The text of a field or property chain rooted at a data parameter (<c>model.parents</c>); null for anything else.</summary>
    private string? DataMemberText(IOperation op) => op switch
    {
        IConversionOperation { Conversion.IsIdentity: true } c => DataMemberText(c.Operand),
        IFieldReferenceOperation { Field.IsStatic: false, Instance: { } instance } f when DataRootText(instance) is string root =>
            $"{root}.{Identifiers.Escape(f.Field.Name)}",
        IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false, Instance: { } instance } p when DataRootText(instance) is string root =>
            $"{root}.{Identifiers.Escape(p.Property.Name)}",
        _ => null,
    };

    private string? DataRootText(IOperation op) => op switch
    {
        IParameterReferenceOperation p when IsDataParameter(p.Parameter) => Name(p.Parameter, p.Parameter.Name),
        IConversionOperation { Conversion.IsIdentity: true } c => DataRootText(c.Operand),
        // A collection field or property of this instance or a static one (a static readonly List<Match> of records, a
        // Dictionary of coefficients) is data, as their array fields are (MethodLowering.DataArrays.cs).
        IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when Receiverless(op) && IsCollectionType(op.Type) => OpaqueText(op),
        IFieldReferenceOperation or IPropertyReferenceOperation => DataMemberText(op),
        _ => null,
    };

    private bool IsDataParameter(IParameterSymbol p) =>
        IsDataShaped(p) && (TypeClassifier.HasAttribute(p, "SourceAD.NoDerivativeAttribute") || !HoldsFloatingState(p.Type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)));

    /// <summary>
    /// A by-value (or <c>in</c>) parameter of this method whose type is a struct, class or interface the lowering does not
    /// differentiate: not floating, not an array or span, not an aggregate (nor a refused one: the parameter has its
    /// diagnostic already). A string is one (<c>mode.Length</c>). Parameters of inlined local functions are
    /// copies and are left to the usual rules.
    /// </summary>
    private bool IsDataShaped(IParameterSymbol p) =>
        SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, _method) && p.RefKind is RefKind.None or RefKind.In &&
        !_aggregateVars.ContainsKey(p) && !IsAggregate(p.Type) && p.Type.TypeKind is TypeKind.Struct or TypeKind.Class or TypeKind.Interface &&
        p.Type.SpecialType is SpecialType.None or SpecialType.System_String && !TypeClassifier.IsFloating(p.Type) &&
        TypeClassifier.ElementOf(p.Type, out _, out _) is null && TypeClassifier.NestedElementOf(p.Type, out _) is null;

    /// <summary>Whether an instance field or property of the type (or of a struct or class it holds) is floating or a floating array.</summary>
    private static bool HoldsFloatingState(ITypeSymbol type, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(type) || type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None) return false;
        // A generic type holds what its type arguments hold: a Dictionary<string, double> or an
        // IReadOnlyList<double> keeps doubles in members that metadata does not show (private fields, an interface's
        // implementation), so it is data only when marked, as the rule above says.
        if (named.TypeArguments.Any(t => TypeClassifier.IsFloating(t) || HoldsFloatingState(TypeClassifier.ElementOf(t, out _, out _) ?? t, seen))) return true;
        foreach (ISymbol member in named.GetMembers().Where(m => !m.IsStatic))
        {
            ITypeSymbol? t = member switch { IFieldSymbol f => f.Type, IPropertySymbol { IsIndexer: false } pr => pr.Type, _ => null };
            if (t is null) continue;
            ITypeSymbol scalar = TypeClassifier.NestedElementOf(t, out _) ?? TypeClassifier.ElementOf(t, out _, out _) ?? t;
            if (TypeClassifier.IsFloating(scalar) || scalar.TypeKind is TypeKind.Struct or TypeKind.Class && HoldsFloatingState(scalar, seen)) return true;
        }
        return false;
    }

    /// <summary>
    /// A member read rooted at a parameter that would be data but holds floating values and is not [NoDerivative]:
    /// refused (with the rewrite) rather than read as a constant. False for anything else.
    /// </summary>
    private bool RefuseUnmarkedDataRead(IOperation op)
    {
        IOperation root = op;
        while (true)
        {
            IOperation? next = root switch
            {
                IFieldReferenceOperation f => f.Instance,
                IPropertyReferenceOperation { Property.IsIndexer: false } prop => prop.Instance,
                IConversionOperation { Conversion.IsIdentity: true } c => c.Operand,
                _ => null,
            };
            if (next is null) break;
            root = next;
        }
        if (root == op || root is not IParameterReferenceOperation { Parameter: var parameter } || !IsDataShaped(parameter) || IsDataParameter(parameter)) return false;
        Unsupported(op, $"Reading '{Short(op)}' of the parameter '{parameter.Name}', whose type holds floating values,",
            $"mark '{parameter.Name}' [NoDerivative] if it is data (its values are then constants), or pass the values to differentiate as double or double[] parameters", markable: parameter);
        return true;
    }
}
