using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

internal static partial class OutputArrays
{
    /// <summary>
    /// True when the body of <paramref name="p"/>'s method may read entries of the output <paramref name="p"/> before it
    /// writes them (<c>y[i] += x[i]</c>, <c>proj[0] = proj[0] * L</c>, reading an entry written in an earlier iteration,
    /// or passing it to a callee that reads it or takes it as an input). Such an output is in-out
    /// (<see cref="Model.Param.InOut"/>): its contents on entry are an input of the method, and its callers keep them
    /// for the call's pullback. Reads and writes through span views of <paramref name="p"/> count (<see cref="Aliases"/>).
    /// Conservative: every read must be proven to see a value the method wrote itself (<see cref="WrittenBefore"/>);
    /// any other read counts as reading the entry contents. (Only the first mention was checked before: a helper that
    /// wrote <c>y[0]</c> and then read <c>y[1]</c> was a plain output, and its callers' derivatives were silently wrong.)
    /// </summary>
    public static bool MayReadBeforeWrite(IParameterSymbol p, Compilation? compilation) => MayReadBeforeWrite(p, compilation, 0);

    private static bool MayReadBeforeWrite(IParameterSymbol p, Compilation? compilation, int depth)
    {
        foreach (var (method, decl, body, names) in Bodies(p, compilation))
        {
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                switch (node)
                {
                    case ElementAccessExpressionSyntax e when Names(e, names):
                        // A plain assignment's target is a write; anything else (a value, y[i] += …, y[i]++) reads it.
                        if (e.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } a && a.Left == e) continue;
                        if (!WrittenBefore(e, p, names, decl.Body, method, compilation, depth)) return true;
                        continue;
                    case ArgumentSyntax arg when Passes(arg.Expression, names):
                        if (!ArgumentReads(arg, p, compilation, depth)) continue;
                        if (!WrittenBefore(arg, p, names, decl.Body, method, compilation, depth)) return true;
                        continue;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Whether passing (a view of) <paramref name="p"/> as <paramref name="arg"/> reads its contents: the callee takes it
    /// as an input, reads its output before writing it, or is unknown. A callee that only writes it does not read it.
    /// </summary>
    private static bool ArgumentReads(ArgumentSyntax arg, IParameterSymbol p, Compilation? compilation, int depth)
    {
        if (depth >= MaxDepth || compilation is null || Target(arg, compilation) is not IParameterSymbol target) return true;
        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, p.OriginalDefinition)) return true;
        if (target.RefKind != RefKind.None || TypeClassifier.ElementOf(target.Type, out bool isSpan, out _) is null) return true;
        if (!isSpan && !Writes(target.OriginalDefinition, compilation, depth + 1)) return true;
        return MayReadBeforeWrite(target.OriginalDefinition, compilation, depth + 1);
    }

    /// <summary>
    /// Whether the read at <paramref name="site"/> sees a value the method has written, by one of two proofs on the
    /// statements that run before it in its own block or an enclosing one:
    /// <list type="bullet">
    /// <item>a statement that writes all of <paramref name="p"/> (<c>Array.Fill</c>, <c>Clear</c>, a call that fully
    /// writes it; <see cref="StatementCovers"/>), or a loop that writes every entry below a bound
    /// (<see cref="LoopCovers"/>; with a bound other than <c>p.Length</c>, the read must stay below it: softmax's
    /// normalizing loop);</item>
    /// <item>for a read <c>v[idx]</c>, a statement <c>v[idx] = …;</c> with the same view and the same index text, where
    /// nothing in that block assigns the view or a variable of the index (<c>y[i] = x[i] * x[i]; y[i] += Math.Sin(y[i]);</c>
    /// in one loop body).</item>
    /// </list>
    /// </summary>
    private static bool WrittenBefore(SyntaxNode site, IParameterSymbol p, ViewNames names, BlockSyntax? body, IMethodSymbol method, Compilation? compilation, int depth)
    {
        string? view = null, index = null;
        List<string> indexVariables = new();
        if (site is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax v, ArgumentList.Arguments: { Count: 1 } args } && PureIndex(args[0].Expression))
        {
            view = v.Identifier.ValueText;
            index = args[0].Expression.ToString();
            indexVariables = args[0].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToList();
        }
        foreach (StatementSyntax statement in site.AncestorsAndSelf().OfType<StatementSyntax>())
        {
            if (statement.Parent is not BlockSyntax block) continue;
            foreach (StatementSyntax earlier in block.Statements.TakeWhile(s => s != statement))
            {
                // A loop that writes every entry (below its bound, which must then cover the read).
                if (earlier is ForStatementSyntax f && body is not null && LoopCovers(f, body, method, p, new HashSet<int>(), out string? check) &&
                    (check is null || site is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax r } read && r.Identifier.ValueText == p.Name && IndexWithinBound(read, check, body, method)))
                    return true;
                if (earlier is not ExpressionStatementSyntax { Expression: var e }) continue;
                if (StatementCovers(e, p, compilation, depth)) return true;
                if (view is not null && e is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax w, ArgumentList.Arguments: { Count: 1 } wargs } } &&
                    w.Identifier.ValueText == view && wargs[0].Expression.ToString() == index &&
                    !Assigns(block, view) && indexVariables.All(i => !Assigns(block, i) && !WritesEntries(block, i)))
                    return true;
            }
        }
        return false;
    }

    /// <summary>An index made of variables, literals, operators and element reads (no call that might change anything).</summary>
    private static bool PureIndex(ExpressionSyntax index) => index.DescendantNodesAndSelf().All(n => n is IdentifierNameSyntax or LiteralExpressionSyntax or
        BinaryExpressionSyntax or ParenthesizedExpressionSyntax or ElementAccessExpressionSyntax or BracketedArgumentListSyntax or ArgumentSyntax ||
        n is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression or (int)SyntaxKind.UnaryPlusExpression });

    /// <summary>Whether <paramref name="node"/> writes an entry of the array <paramref name="name"/> (an index list read by an index).</summary>
    private static bool WritesEntries(SyntaxNode node, string name) => node.DescendantNodes().Any(n => n switch
    {
        AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } } => id.Identifier.ValueText == name,
        PostfixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } } => id.Identifier.ValueText == name,
        PrefixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } } => id.Identifier.ValueText == name,
        // Passed to a call, which might edit it (arguments of an index, y[i], are not calls).
        ArgumentSyntax { Parent: ArgumentListSyntax, Expression: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        _ => false,
    });
}
