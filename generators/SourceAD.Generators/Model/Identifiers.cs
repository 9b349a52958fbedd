using Microsoft.CodeAnalysis.CSharp;

namespace SourceAD.Generators.Model;

/// <summary>
/// C# identifiers as generated code spells them. A user's parameter or local may be a keyword written with '@'
/// (<c>double[] @out</c>, <c>double[] @params</c>, as ports of C and Python code name them); the symbol's name is then
/// the bare keyword, which generated code must print as <c>@out</c>. Names the generator derives by prefixing or
/// suffixing (<c>dout</c>, <c>seedOut</c>) drop the '@' first and take it back only if they are keywords themselves.
/// </summary>
internal static class Identifiers
{
    /// <summary><paramref name="name"/> as C# source: with '@' when it is a reserved keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A name built from pieces, some of which may carry '@': without the '@'s, then escaped as needed.</summary>
    public static string Clean(string name) => Escape(name.Replace("@", ""));

    /// <summary><paramref name="name"/> with its first letter upper case, for the names derived from a parameter's (<c>DX</c>, <c>HX</c>).</summary>
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
