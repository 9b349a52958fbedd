using SourceAD.Generators.Diagnostics;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Optimizers.Model;

using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Optimizers;

/// <summary>Parsing: from an attributed method to a symbol-free <see cref="UpdateRuleSpec"/>.</summary>
public sealed partial class UpdateRuleGenerator
{
    private static bool IsCandidate(SyntaxNode node) => node is MethodDeclarationSyntax;

    private static UpdateRuleSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        var diagnostics = new List<DiagnosticInfo>();
        var containingTypes = ReadContainingTypes(syntax, diagnostics);
        var elementType = ReadElementType(method, syntax, diagnostics);
        var spec = new UpdateRuleSpec(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            EquatableArray.ToEquatable(containingTypes),
            method.Name,
            AccessibilityText(method.DeclaredAccessibility),
            method.TypeParameters.Length == 1 ? method.TypeParameters[0].Name : null,
            EquatableArray.ToEquatable(method.TypeParameters.Length == 1
                ? method.TypeParameters[0].ConstraintTypes.Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                : Enumerable.Empty<string>()),
            elementType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? string.Empty,
            EquatableArray<RuleParameter>.Empty,
            EquatableArray<string>.Empty,
            EquatableArray<DiagnosticInfo>.Empty);

        if (elementType is null || diagnostics.Count > 0)
        {
            return spec with { Diagnostics = EquatableArray.ToEquatable(diagnostics) };
        }

        var translator = new VectorBodyTranslator(context.SemanticModel, method, elementType, spec.ElementType, cancellationToken);
        translator.TranslateBody(syntax.Body, syntax.ExpressionBody);
        diagnostics.AddRange(translator.Diagnostics);

        // Keywords used as names (@in, @params) stay escaped in the generated parameter list.
        var parameters = method.Parameters.Select(p => new RuleParameter(
            SyntaxFacts.GetKeywordKind(p.Name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(p.Name) == SyntaxKind.None ? p.Name : "@" + p.Name,
            p.RefKind switch
            {
                RefKind.Ref => RuleParameterKind.State,
                RefKind.None => RuleParameterKind.Scalar,
                _ => RuleParameterKind.Input,
            },
            translator.WrittenParameters.Contains(p.Name)));

        return spec with
        {
            Parameters = EquatableArray.ToEquatable(parameters),
            VectorBody = EquatableArray.ToEquatable(translator.Lines),
            Diagnostics = EquatableArray.ToEquatable(diagnostics),
        };
    }

    /// <summary>Checks the signature and returns the element type T every parameter must have.</summary>
    private static ITypeSymbol? ReadElementType(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var location = syntax.Identifier.GetLocation();
        void Fail(Location at, string why) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UpdateRuleInvalidSignature, at, why));

        if (!method.IsStatic)
        {
            Fail(location, "the method must be static");
        }

        if (!method.ReturnsVoid)
        {
            Fail(syntax.ReturnType.GetLocation(), "the method must return void");
        }

        if (method.IsAsync || method.IsExtensionMethod || method.TypeParameters.Length > 1)
        {
            Fail(location, "the method must not be async or an extension, and may have at most one type parameter (the element type)");
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            Fail(location, "the method must have a body");
        }

        if (method.Parameters.Length == 0 || method.Parameters.All(p => p.RefKind != RefKind.Ref))
        {
            Fail(location, "at least one 'ref' parameter (a state slot) is required");
            return null;
        }

        ITypeSymbol elementType = method.TypeParameters.Length == 1
            ? method.TypeParameters[0]
            : method.Parameters.First(p => p.RefKind == RefKind.Ref).Type;
        if (method.TypeParameters.Length == 0 && elementType.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
        {
            Fail(location, "a non-generic rule must work on float or double; use a type parameter for other element types");
            return null;
        }

        foreach (var parameter in method.Parameters)
        {
            var at = parameter.Locations.FirstOrDefault() ?? location;
            if (!SymbolEqualityComparer.Default.Equals(parameter.Type, elementType))
            {
                Fail(at, "parameter '" + parameter.Name + "' must have the element type '" + elementType.ToDisplayString() + "'");
            }
            else if (parameter.RefKind is RefKind.Out || parameter.IsParams)
            {
                Fail(at, "parameter '" + parameter.Name + "' must be 'ref' (state), 'in' (elementwise input) or plain (per-step scalar)");
            }
        }

        return elementType;
    }

    private static List<ContainingType> ReadContainingTypes(MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ContainingType>();
        for (var node = syntax.Parent as TypeDeclarationSyntax; node is not null; node = node.Parent as TypeDeclarationSyntax)
        {
            if (!node.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UpdateRuleNotPartial, node.Identifier.GetLocation(), node.Identifier.Text));
            }

            var keyword = node switch
            {
                RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                RecordDeclarationSyntax => "record",
                _ => node.Keyword.Text,
            };
            types.Insert(0, new ContainingType(keyword, node.Identifier.Text + (node.TypeParameterList?.WithoutTrivia().ToString() ?? string.Empty), node.Modifiers.Any(SyntaxKind.StaticKeyword)));
        }

        return types;
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
