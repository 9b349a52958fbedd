using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>Decides which C# types are floating (differentiable) and how parameters take part.</summary>
internal static class TypeClassifier
{
    public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static string Text(ITypeSymbol type) => type.ToDisplayString(Format);

    /// <summary>An optional parameter's default value as C# that compiles in a generated file (no usings); null when it has none.</summary>
    public static string? DefaultText(IParameterSymbol p)
    {
        if (!p.HasExplicitDefaultValue) return null;
        object? value = p.ExplicitDefaultValue;
        string text = value switch
        {
            // A reference type is printed without its ? (Format has no nullable modifier): null! keeps CS8625 out of the
            // generated file when the user wrote double[]? weights = null.
            null => p.Type.IsReferenceType ? "null!" : "default",
            bool b => b ? "true" : "false",
            double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
                : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
            float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
                : f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
            string s => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(s, quote: true),
            char c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true),
            System.IFormattable n => n.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => "default",
        };
        // An enum's default is its underlying number: cast it back; a negative number needs parentheses.
        return p.Type.TypeKind == TypeKind.Enum && value is not null ? $"({Text(p.Type)})({text})" : text;
    }

    /// <summary>
    /// double, float, System.Half, or a type parameter constrained to IFloatingPointIeee754&lt;T&gt;, or only to
    /// generic-math interfaces it implies (<see cref="IsWeakGenericMath"/>).
    /// </summary>
    public static bool IsFloating(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single) return true;
        if (type.Name == "Half" && type.ContainingNamespace?.ToDisplayString() == "System") return true;
        if (type is ITypeParameterSymbol tp)
        {
            return tp.ConstraintTypes.Any(c => c is INamedTypeSymbol n &&
                (IsFloatingInterface(n) || n.AllInterfaces.Any(IsFloatingInterface))) || IsWeakGenericMath(tp);
        }
        return false;
    }

    /// <summary>
    /// A type parameter constrained only to generic-math interfaces that IFloatingPointIeee754&lt;T&gt; implies, at least
    /// one of them arithmetic (INumberBase&lt;T&gt; or an interface built on it): <c>T : INumber&lt;T&gt;</c>,
    /// <c>T : IFloatingPoint&lt;T&gt;</c>, <c>T : INumber&lt;T&gt;, IRootFunctions&lt;T&gt;</c>, with no <c>struct</c>,
    /// <c>class</c>, <c>new()</c> or <c>unmanaged</c>. The body can only use what those interfaces declare, each of which
    /// has a derivative; the derivative code needs T's elementary functions too, so the generated members are declared
    /// <c>where T : IFloatingPointIeee754&lt;T&gt;</c> (<see cref="GeneratedConstraint"/>): they exist for double, float
    /// and Half, the types a derivative is taken at, and the user's method keeps its own, weaker constraint.
    /// </summary>
    public static bool IsWeakGenericMath(ITypeParameterSymbol tp)
    {
        // A type's parameter (partial class Net<T> where T : INumber<T>) keeps the type's constraint in every generated
        // member, so the derivative code could not use T's elementary functions: only a method's own T is strengthened.
        if (tp.TypeParameterKind != TypeParameterKind.Method || tp.ConstraintTypes.Length == 0 || tp.HasValueTypeConstraint || tp.HasReferenceTypeConstraint || tp.HasConstructorConstraint ||
            tp.HasUnmanagedTypeConstraint || tp.HasNotNullConstraint) return false;
        if (tp.ConstraintTypes[0].ContainingAssembly?.GetTypeByMetadataName("System.Numerics.IFloatingPointIeee754`1") is not INamedTypeSymbol ieee) return false;
        INamedTypeSymbol full = ieee.Construct(tp);
        bool Implied(ITypeSymbol c) => SymbolEqualityComparer.Default.Equals(c, full) || full.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, c));
        static bool Arithmetic(INamedTypeSymbol n) => n.OriginalDefinition.ToDisplayString() == "System.Numerics.INumberBase<TSelf>";
        return tp.ConstraintTypes.All(Implied) && tp.ConstraintTypes.Any(c => c is INamedTypeSymbol n && (Arithmetic(n) || n.AllInterfaces.Any(Arithmetic)));
    }

    /// <summary>
    /// The constraint clause the generated members declare for a type parameter whose constraints are weaker
    /// generic-math interfaces (<see cref="IsWeakGenericMath"/>); null to re-print the user's clause.
    /// </summary>
    public static string? GeneratedConstraint(ITypeParameterSymbol tp) =>
        IsWeakGenericMath(tp) && !tp.ConstraintTypes.Any(c => c is INamedTypeSymbol n && (IsFloatingInterface(n) || n.AllInterfaces.Any(IsFloatingInterface)))
            ? $"where {tp.Name} : global::System.Numerics.IFloatingPointIeee754<{tp.Name}>"
            : null;

    private static bool IsFloatingInterface(INamedTypeSymbol n) =>
        n.ContainingNamespace?.ToDisplayString() == "System.Numerics" &&
        n.Name is "IFloatingPointIeee754" or "IBinaryFloatingPointIeee754";

    /// <summary>The element type of an array, Span or ReadOnlySpan; null otherwise.</summary>
    public static ITypeSymbol? ElementOf(ITypeSymbol type, out bool isSpan, out bool isReadOnlySpan)
    {
        isSpan = isReadOnlySpan = false;
        if (type is IArrayTypeSymbol { Rank: 1 } a) return a.ElementType;
        if (type is INamedTypeSymbol { IsGenericType: true } n && n.ContainingNamespace?.ToDisplayString() == "System")
        {
            if (n.Name == "Span") { isSpan = true; return n.TypeArguments[0]; }
            if (n.Name == "ReadOnlySpan") { isReadOnlySpan = true; return n.TypeArguments[0]; }
        }
        return null;
    }

    /// <summary>
    /// The scalar element type of a rectangular array (<c>T[,]</c>, <c>T[,,]</c>) or of a jagged array of rows
    /// (<c>T[][]</c>), with its layout; null for anything else, deeper nestings (<c>T[][][]</c>, <c>T[][,]</c>) included.
    /// </summary>
    public static ITypeSymbol? NestedElementOf(ITypeSymbol? type, out ArrayLayout layout)
    {
        layout = ArrayLayout.Flat;
        switch (type)
        {
            case IArrayTypeSymbol { Rank: >= 2 and <= 3, ElementType: not IArrayTypeSymbol } rect:
                layout = ArrayLayout.Rectangular;
                return rect.ElementType;
            case IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1, ElementType: not IArrayTypeSymbol } row }:
                layout = ArrayLayout.Jagged;
                return row.ElementType;
            default:
                return null;
        }
    }

    /// <summary>An array nesting no [Differentiable] method can take: rank 4 and up, three levels of rows, or rows of rectangular arrays.</summary>
    public static bool IsUnsupportedNesting(ITypeSymbol? type) =>
        type is IArrayTypeSymbol a && NestedElementOf(type, out _) is null && (a.Rank > 1 || a.ElementType is IArrayTypeSymbol);

    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    /// <summary>
    /// Classifies a parameter; returns null (with a reason) for parameters no derivative can be written for. With a
    /// <paramref name="compilation"/>, a floating <c>T[]</c> parameter that a void method writes is an output (see
    /// <see cref="OutputArrays"/>).
    /// </summary>
    public static Param? Classify(IParameterSymbol p, out string? problem, Compilation? compilation = null)
    {
        problem = null;
        string text = Text(p.Type);
        bool noDerivative = HasAttribute(p, "SourceAD.NoDerivativeAttribute");
        if (p.RefKind is RefKind.Ref or RefKind.Out)
        {
            problem = $"parameter '{p.Name}' is passed by {p.RefKind.ToString().ToLowerInvariant()}; return values or write a Span<T> output instead";
            return null;
        }
        if (IsFloating(p.Type))
        {
            return new Param(Identifiers.Escape(p.Name), text, text, noDerivative ? ParamKind.Passive : ParamKind.Real, !noDerivative);
        }
        if (NestedElementOf(p.Type, out ArrayLayout layout) is ITypeSymbol scalar)
        {
            // Rectangular and jagged arrays are inputs (read-only) or passive data; their derivatives have their shape.
            if (!IsFloating(scalar)) return new Param(Identifiers.Escape(p.Name), text, Text(scalar), ParamKind.PassiveArray, false, Layout: layout);
            if (!noDerivative && OutputArrays.IsWritten(p, compilation))
            {
                problem = $"parameter '{p.Name}' is a {(layout == ArrayLayout.Jagged ? "jagged" : "rectangular")} array the method writes; only T[] and Span<T> can be outputs: write a T[] (index it i * columns + j), or return a scalar";
                return null;
            }
            return new Param(Identifiers.Escape(p.Name), text, Text(scalar), ParamKind.RealArray, !noDerivative, Layout: layout);
        }
        if (IsUnsupportedNesting(p.Type))
        {
            problem = $"parameter '{p.Name}' is a '{p.Type.ToDisplayString()}'; arrays of rank 2 and 3 (T[,], T[,,]) and rows (T[][]) are supported: flatten deeper nestings into one of those";
            return null;
        }
        ITypeSymbol? element = ElementOf(p.Type, out bool isSpan, out bool isReadOnlySpan);
        if (element is not null)
        {
            string et = Text(element);
            if (!IsFloating(element)) return new Param(Identifiers.Escape(p.Name), text, et, ParamKind.PassiveArray, false);
            if (isSpan || !noDerivative && p.Type is IArrayTypeSymbol && OutputArrays.IsWritten(p, compilation))
            {
                bool readsEntry = OutputArrays.MayReadBeforeWrite(p, compilation);
                bool full = OutputArrays.FullyWrites(p, compilation, out string? lengthCheck);
                return new Param(Identifiers.Escape(p.Name), text, et, ParamKind.RealSpanOutput, true, readsEntry || !full, ReadsEntry: readsEntry, LengthCheck: full && !readsEntry ? lengthCheck : null);
            }
            bool edited = !isReadOnlySpan && !noDerivative && p.Type is IArrayTypeSymbol && OutputArrays.Writes(p, compilation);
            return new Param(Identifiers.Escape(p.Name), text, et, isReadOnlySpan ? ParamKind.RealReadOnlySpan : ParamKind.RealArray, !noDerivative, Edited: edited);
        }
        return new Param(Identifiers.Escape(p.Name), text, text, ParamKind.Passive, false);
    }

    /// <summary>
    /// The floating T of a collection type that is an IEnumerable&lt;T&gt; (List, IList, IReadOnlyList, …) but not an
    /// array, which SourceAD differentiates; null otherwise.
    /// </summary>
    public static ITypeSymbol? FloatingSequenceElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol || ElementOf(type, out _, out _) is not null) return null;
        var sequences = type.AllInterfaces.AsEnumerable();
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Interface } self) sequences = sequences.Append(self);
        return sequences.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T && IsFloating(i.TypeArguments[0]))?.TypeArguments[0];
    }
}
