using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>The chain of containing type declarations generated code reopens (outermost first).</summary>
internal static class TypeDecls
{
    /// <summary>Null when a type has no source declaration; <paramref name="notPartial"/> sees each non-partial one.</summary>
    public static List<TypeDecl>? For(INamedTypeSymbol? type, CancellationToken ct, Action<TypeDeclarationSyntax, INamedTypeSymbol>? notPartial = null)
    {
        var types = new List<TypeDecl>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            var decl = t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (decl is null) return null;
            if (!decl.Modifiers.Any(SyntaxKind.PartialKeyword)) notPartial?.Invoke(decl, t);
            string keyword = decl switch
            {
                RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "partial record struct" : "partial record",
                StructDeclarationSyntax => "partial struct",
                InterfaceDeclarationSyntax => "partial interface",
                _ => "partial class",
            };
            if (decl.Modifiers.Any(SyntaxKind.StaticKeyword)) keyword = "static " + keyword;
            string name = t.Name + (t.TypeParameters.Length > 0 ? "<" + string.Join(", ", t.TypeParameters.Select(p => p.Name)) + ">" : "");
            types.Insert(0, new TypeDecl(keyword, name));
        }
        return types;
    }
}
