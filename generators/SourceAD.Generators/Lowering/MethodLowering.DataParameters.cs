using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Members of a data parameter read as passive values: a parameter of a struct or class type that is not
/// differentiated (<c>Options options</c>, <c>Model model</c>, a struct with no floating member), read through
/// fields and properties (<c>options.Iterations</c>, <c>data.model.is_mirrored</c>, <c>model.bone_names[i]</c>).
/// Scalars print in place; arrays are data arrays (MethodLowering.DataArrays.cs), read element by element. Structs
/// with floating members are aggregates (MethodLowering.Aggregates.cs), differentiated unless [NoDerivative].
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
        IFieldReferenceOperation or IPropertyReferenceOperation => DataMemberText(op),
        _ => null,
    };

    /// <summary>
    /// A by-value (or <c>in</c>) parameter of this method whose type is a struct or class the lowering does not
    /// differentiate: not floating, not an array or span, not an aggregate. Parameters of inlined local functions are
    /// copies and are left to the usual rules.
    /// </summary>
    private bool IsDataParameter(IParameterSymbol p) =>
        SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, _method) && p.RefKind is RefKind.None or RefKind.In &&
        !_aggregateVars.ContainsKey(p) && p.Type.TypeKind is TypeKind.Struct or TypeKind.Class &&
        p.Type.SpecialType == SpecialType.None && !TypeClassifier.IsFloating(p.Type) &&
        TypeClassifier.ElementOf(p.Type, out _, out _) is null && TypeClassifier.NestedElementOf(p.Type, out _) is null;
}
