using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Hint names of generated files, unique by construction: each is built from the method's own identity alone
/// (namespace, containing types with their generic arity, name, generic arity and parameter types), so two methods
/// never share one, whatever else the project declares: <c>A.Functions.F(double)</c> and <c>B.Functions.F(double)</c>,
/// <c>Scale(double,double)</c> and <c>Scale(float,float)</c>, <c>Net</c> and <c>Net`1</c>.
/// Characters a hint name may not hold are escaped injectively (<c>+</c> and the code point). Hint names compare
/// case-insensitively, so <c>DifferentiableGenerator</c> adds <see cref="StableHash.Of"/> of the exact name to names that differ
/// only in case (methods <c>F</c> and <c>f</c>).
/// </summary>
internal static class HintNames
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>Ns.Outer.Inner`1</c>: the namespace and the chain of containing types with their generic arity.</summary>
    public static string Type(INamedTypeSymbol type)
    {
        string name = type.Name + (type.Arity > 0 ? "`" + type.Arity.ToString(CultureInfo.InvariantCulture) : "");
        if (type.ContainingType is not null) return Type(type.ContainingType) + "." + name;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>The derivatives file of a [Differentiable] method.</summary>
    public static string Derivatives(IMethodSymbol method) => Capped(Sanitize(Method(method))) + ".Derivatives.g.cs";

    /// <summary>The longest name kept whole. A file name may hold 255 bytes, and with EmitCompilerGeneratedFiles the
    /// generator's folder is part of the path too; a method with many parameters of long types would exceed both
    /// (CS0016, or csc exiting without a message).</summary>
    public const int MaxName = 160;

    /// <summary><paramref name="name"/> itself when short, else its first characters and a hash of the whole, which keeps
    /// names distinct (two methods differ somewhere, and the hash sees all of it).</summary>
    public static string Capped(string name) =>
        name.Length <= MaxName ? name : name.Substring(0, MaxName - 10) + "+" + StableHash.Of(name) + "+";

    /// <summary>The [Parameter] set file of a model type.</summary>
    public static string Parameters(INamedTypeSymbol type) => Sanitize(Type(type)) + ".Parameters.g.cs";

    private static string Method(IMethodSymbol method)
    {
        string arity = method.Arity > 0 ? "`" + method.Arity.ToString(CultureInfo.InvariantCulture) : "";
        string parameters = string.Join(",", method.Parameters.Select(p =>
            (p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", RefKind.RefReadOnlyParameter => "ref readonly ", _ => "" }) +
            p.Type.ToDisplayString(TypeFormat)));
        return Type(method.ContainingType) + "." + method.Name + arity + "(" + parameters + ")";
    }

    /// <summary>Keeps letters, digits and <c>. _ - ( ) , [ ] ` +</c>; <c>&lt;&gt;</c> become <c>[]</c>, spaces vanish, anything else is <c>+hex+</c>
    /// (Roslyn refuses <c>~</c> in hint names; a symbol's display string never holds <c>+</c>, so the escape stays injective).</summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) && c < 128 || c is '.' or '_' or '-' or '(' or ')' or ',' or '[' or ']' or '`' or '+') sb.Append(c);
            else if (c == '<') sb.Append('[');
            else if (c == '>') sb.Append(']');
            else if (c == ' ') sb.Append('_');
            else sb.Append('+').Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('+');
        }
        return sb.ToString();
    }
}
