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

/// <summary>SRCAD0003: adds <c>partial</c> to a type that declares a [Differentiable] method.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartialId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not TypeDeclarationSyntax type) return;
        context.RegisterCodeFix(
            CodeAction.Create($"Make '{type.Identifier.ValueText}' partial", ct =>
            {
                // partial goes last among the modifiers (public static partial class).
                TypeDeclarationSyntax updated = type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                if (type.Modifiers.Count == 0)
                {
                    updated = type.WithoutLeadingTrivia().WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(type.GetLeadingTrivia(), SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
                }
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, updated)));
            }, equivalenceKey: nameof(MakePartialCodeFix)),
            context.Diagnostics);
    }
}
