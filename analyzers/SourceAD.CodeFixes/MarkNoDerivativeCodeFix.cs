using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Diagnostics;

namespace SourceAD.CodeFixes;

/// <summary>
/// SRCAD0001/SRCAD0004 whose rewrite is to mark a parameter of the [Differentiable] method <c>[NoDerivative]</c> (data
/// the method reads without differentiating it: a nullable optional parameter, a class or struct of settings, an
/// <c>IEnumerable&lt;double&gt;</c>): adds the attribute to that parameter. The diagnostic names the parameter in its
/// properties (<see cref="DiagnosticDescriptors.NoDerivativeParameterProperty"/>); diagnostics without it get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDerivativeCodeFix)), Shared]
public sealed class MarkNoDerivativeCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnsupportedId, DiagnosticDescriptors.UnsupportedSignatureId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.NoDerivativeParameterProperty, out string? name) || name is null) continue;
            SyntaxNode? at = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            BaseMethodDeclarationSyntax? method = at?.AncestorsAndSelf().OfType<BaseMethodDeclarationSyntax>().FirstOrDefault();
            ParameterSyntax? parameter = method?.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == name);
            if (parameter is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Mark '{name}' [NoDerivative]", ct =>
                {
                    // The short name where the file already imports SourceAD (every [Differentiable] file usually does).
                    bool imported = root is CompilationUnitSyntax unit && unit.Usings.Any(u => u.Name?.ToString() == "SourceAD") ||
                                    parameter.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == "SourceAD"));
                    AttributeListSyntax attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.Attribute(SyntaxFactory.ParseName(imported ? "NoDerivative" : "SourceAD.NoDerivative"))))
                        .WithTrailingTrivia(SyntaxFactory.Space);
                    ParameterSyntax marked = parameter.WithoutLeadingTrivia().AddAttributeLists(attribute.WithLeadingTrivia(parameter.GetLeadingTrivia()));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, marked)));
                }, equivalenceKey: nameof(MarkNoDerivativeCodeFix) + name),
                diagnostic);
        }
    }
}
