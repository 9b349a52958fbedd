using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// User code that generated files repeat as text (a <c>throw</c>, a tensor method's conditions and bounds) is
/// re-printed so that it means the same thing there: the generated file has none of the user's usings, and declares
/// locals and parameters of its own. Types and namespaces become <c>global::</c> names, static members are qualified
/// by their type, instance members by <c>this.</c> (so no generated name can capture them), locals and parameters take
/// the names the generated code gives them, and <c>nameof(…)</c> becomes its string.
/// </summary>
internal static class QualifiedText
{
    /// <param name="node">The user's syntax.</param>
    /// <param name="model">Its semantic model.</param>
    /// <param name="rename">The generated name of a local or parameter, or null to keep the name as written.</param>
    /// <param name="ct">Cancellation.</param>
    public static string Of(SyntaxNode node, SemanticModel model, Func<ISymbol, string?> rename, CancellationToken ct)
    {
        try
        {
            return new Rewriter(model, rename, ct).Visit(node).ToString();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A shape the rewriter does not know: the text as written is the best remaining answer.
            return node.ToString();
        }
    }

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private readonly SemanticModel _model;
        private readonly Func<ISymbol, string?> _rename;
        private readonly CancellationToken _ct;

        public Rewriter(SemanticModel model, Func<ISymbol, string?> rename, CancellationToken ct)
        {
            _model = model;
            _rename = rename;
            _ct = ct;
        }

        private ISymbol? Bind(SyntaxNode node)
        {
            SymbolInfo info = _model.GetSymbolInfo(node, _ct);
            return info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        }

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } &&
                _model.GetConstantValue(node, _ct) is { HasValue: true, Value: string name })
            {
                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(node);
            }
            return base.VisitInvocationExpression(node);
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            // Ns.Type.Member: the whole qualifier is a type or namespace.
            if (Qualified(node) is SyntaxNode replaced) return replaced;
            // Only the left side is the user's name to qualify; the member name resolves against it.
            return node.WithExpression((ExpressionSyntax)Visit(node.Expression));
        }

        public override SyntaxNode? VisitQualifiedName(QualifiedNameSyntax node) => Qualified(node) ?? base.VisitQualifiedName(node);

        public override SyntaxNode? VisitAliasQualifiedName(AliasQualifiedNameSyntax node) => Qualified(node) ?? node;

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
        {
            if (IsMemberName(node)) return base.VisitGenericName(node);
            ISymbol? symbol = Bind(node);
            if (symbol is INamedTypeSymbol type) return SyntaxFactory.ParseTypeName(TypeClassifier.Text(type)).WithTriviaFrom(node);
            var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
            return symbol is IMethodSymbol { MethodKind: not MethodKind.LocalFunction } m ? Member(m, visited) : visited;
        }

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (IsMemberName(node) || node.Parent is NameColonSyntax or NameEqualsSyntax) return node;
            ISymbol? symbol = Bind(node);
            switch (symbol)
            {
                case ILocalSymbol or IParameterSymbol:
                    return _rename(symbol) is string name && name != node.Identifier.ValueText
                        ? SyntaxFactory.IdentifierName(name).WithTriviaFrom(node)
                        : node;
                case INamedTypeSymbol type when !node.IsVar:
                    return SyntaxFactory.ParseTypeName(TypeClassifier.Text(type)).WithTriviaFrom(node);
                case INamespaceSymbol ns when !ns.IsGlobalNamespace:
                    return SyntaxFactory.ParseName("global::" + ns.ToDisplayString()).WithTriviaFrom(node);
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction }:
                    return node;
                case IFieldSymbol or IPropertySymbol or IEventSymbol or IMethodSymbol:
                    return Member(symbol, node);
                default:
                    return node;
            }
        }

        /// <summary>The name after a dot: it resolves against its qualifier, which is rewritten instead.</summary>
        private static bool IsMemberName(SimpleNameSyntax node) => node.Parent switch
        {
            MemberAccessExpressionSyntax ma => ma.Name == node,
            QualifiedNameSyntax q => q.Right == node,
            AliasQualifiedNameSyntax a => a.Name == node,
            MemberBindingExpressionSyntax => true,
            _ => false,
        };

        private SyntaxNode? Qualified(SyntaxNode node) => Bind(node) switch
        {
            INamedTypeSymbol type => SyntaxFactory.ParseTypeName(TypeClassifier.Text(type)).WithTriviaFrom(node),
            INamespaceSymbol { IsGlobalNamespace: false } ns => SyntaxFactory.ParseName("global::" + ns.ToDisplayString()).WithTriviaFrom(node),
            _ => null,
        };

        private static SyntaxNode Member(ISymbol member, SimpleNameSyntax name)
        {
            if (member.ContainingType is null) return name;
            ExpressionSyntax receiver = member.IsStatic
                ? SyntaxFactory.ParseTypeName(TypeClassifier.Text(member.ContainingType))
                : SyntaxFactory.ThisExpression();
            return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, name.WithoutTrivia()).WithTriviaFrom(name);
        }
    }
}
