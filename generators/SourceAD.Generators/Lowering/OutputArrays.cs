using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Which array parameters a method writes. Floating <c>T[]</c> parameters of a void method that it writes are outputs:
/// those its body writes, directly
/// (<c>y[i] = …</c>, <c>y[i] += …</c>, <c>y[i]++</c>) or by passing them, whole or sliced, to an output of a call.
/// GradBench-style helpers (<c>Qtimesx</c>, <c>mat_mult</c>) write their results into such arrays; they are treated
/// exactly as <c>Span&lt;T&gt;</c> outputs. Passive arrays a callee writes (an <c>int[]</c> edited in place) make its
/// callers save them around the call. Decided from the callee's declaration, so a caller and the callee's own lowering
/// agree.
/// </summary>
internal static class OutputArrays
{
    private const int MaxDepth = 4;

    /// <summary>True when <paramref name="p"/>, a parameter of a void method, is written by its body.</summary>
    public static bool IsWritten(IParameterSymbol p, Compilation? compilation) =>
        p.ContainingSymbol is IMethodSymbol { ReturnsVoid: true } && Writes(p, compilation, 0);

    /// <summary>
    /// True when the body of <paramref name="p"/>'s method writes entries of the array <paramref name="p"/>, directly or
    /// through a call (e.g. an <c>int[]</c> index list edited in place by a recursive determinant).
    /// </summary>
    public static bool Writes(IParameterSymbol p, Compilation? compilation) => Writes(p, compilation, 0);

    private static bool Writes(IParameterSymbol p, Compilation? compilation, int depth)
    {
        if (p.ContainingSymbol is not IMethodSymbol method) return false;
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not BaseMethodDeclarationSyntax decl) continue;
            SyntaxNode? body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody;
            if (body is null) continue;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax a when Names(a.Left, p.Name):
                        return true;
                    case PostfixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression && Names(u.Operand, p.Name):
                        return true;
                    case PrefixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression && Names(u.Operand, p.Name):
                        return true;
                    case ArgumentSyntax arg when depth < MaxDepth && compilation is not null && Source(arg.Expression) == p.Name &&
                                                 PassedToOutput(arg, p, compilation, depth):
                        return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// True when the body of <paramref name="p"/>'s method may read entries of the output <paramref name="p"/> before it
    /// writes them (<c>y[i] += x[i]</c>, <c>y[i] = y[i] * 2</c>, a read that comes first in the text, or passing it
    /// first to a callee's output that is itself read before written). Such an output is in-out
    /// (<see cref="Model.Param.InOut"/>): its contents on entry are an input of the method. Conservative: the first
    /// mention of <c>p[…]</c> in the text must be the target of a plain assignment whose value does not mention
    /// <paramref name="p"/>.
    /// </summary>
    public static bool MayReadBeforeWrite(IParameterSymbol p, Compilation? compilation) => MayReadBeforeWrite(p, compilation, 0);

    private static bool MayReadBeforeWrite(IParameterSymbol p, Compilation? compilation, int depth)
    {
        if (p.ContainingSymbol is not IMethodSymbol method) return false;
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not BaseMethodDeclarationSyntax decl) continue;
            SyntaxNode? body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody;
            ExpressionSyntax? first = body?.DescendantNodes().OfType<ExpressionSyntax>().FirstOrDefault(e => Names(e, p.Name) || e.Parent is ArgumentSyntax && Source(e) == p.Name);
            if (first is null) continue;
            if (first.Parent is ArgumentSyntax arg)
            {
                // Passed on whole or sliced: the callee's own output decides (unknown callees count as reading).
                if (depth >= MaxDepth || compilation is null || Target(arg, compilation) is not IParameterSymbol target) return true;
                if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, p.OriginalDefinition)) return true;
                if (target.RefKind != RefKind.None || TypeClassifier.ElementOf(target.Type, out bool isSpan, out _) is null) return true;
                if (!isSpan && !Writes(target.OriginalDefinition, compilation, depth + 1)) return true;
                if (MayReadBeforeWrite(target.OriginalDefinition, compilation, depth + 1)) return true;
                continue;
            }
            if (first.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } a || a.Left != first) return true;
            if (a.Right.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(e => Names(e, p.Name))) return true;
        }
        return false;
    }

    /// <summary><c>name[…]</c>.</summary>
    private static bool Names(ExpressionSyntax target, string name) =>
        target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } && id.Identifier.ValueText == name;

    /// <summary>The array an argument passes: <c>a</c>, <c>a.AsSpan(…)</c>, <c>a[i..j]</c>, <c>a.Slice(…)</c>.</summary>
    private static string? Source(ExpressionSyntax e) => e switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice", Expression: var inner } } => Source(inner),
        ElementAccessExpressionSyntax { Expression: var inner, ArgumentList.Arguments: { Count: 1 } args } when args[0].Expression is RangeExpressionSyntax => Source(inner),
        _ => null,
    };

    /// <summary>The callee parameter an argument binds to, or null.</summary>
    private static IParameterSymbol? Target(ArgumentSyntax arg, Compilation compilation)
    {
        if (arg.Parent?.Parent is not InvocationExpressionSyntax invocation) return null;
        if (!compilation.ContainsSyntaxTree(invocation.SyntaxTree)) return null;
        SemanticModel model = compilation.GetSemanticModel(invocation.SyntaxTree);
        if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol callee) return null;
        int index = ((ArgumentListSyntax)arg.Parent).Arguments.IndexOf(arg);
        return arg.NameColon is { } nc
            ? callee.Parameters.FirstOrDefault(q => q.Name == nc.Name.Identifier.ValueText)
            : index < callee.Parameters.Length ? callee.Parameters[index] : null;
    }

    private static bool PassedToOutput(ArgumentSyntax arg, IParameterSymbol p, Compilation compilation, int depth)
    {
        IParameterSymbol? target = Target(arg, compilation);
        if (target is null) return false;
        ITypeSymbol? element = TypeClassifier.ElementOf(target.Type, out bool isSpan, out _);
        if (element is null) return false;
        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, p.OriginalDefinition)) return false; // recursion: its own writes are seen directly
        return isSpan && TypeClassifier.IsFloating(element) || target.Type is IArrayTypeSymbol && Writes(target.OriginalDefinition, compilation, depth + 1);
    }
}
