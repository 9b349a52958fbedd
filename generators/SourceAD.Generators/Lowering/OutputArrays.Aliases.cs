using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

internal static partial class OutputArrays
{
    /// <summary>
    /// <paramref name="name"/> and the span locals of <paramref name="body"/> that view it: declared or assigned from it,
    /// whole or sliced (<c>Span&lt;double&gt; cell = state.Slice(h)</c>, as GradBench's lstm_model updates its state), or
    /// from another such view. Writes and reads through a view are writes and reads of the array: without this, a helper
    /// that updates its output only through views looked as if it never read it (its callers kept no earlier contents,
    /// and the gradient came out 0). A local that views the array only some of the time counts as a view throughout,
    /// which errs towards reading (in-out) and writing.
    /// </summary>
    private static HashSet<string> Aliases(SyntaxNode? body, string name)
    {
        var names = new HashSet<string> { name };
        if (body is null) return names;
        var sources = new List<(string Local, ExpressionSyntax Value)>();
        foreach (SyntaxNode node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: var value } v:
                    sources.Add((v.Identifier.ValueText, value));
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax id, Right: var right }:
                    sources.Add((id.Identifier.ValueText, right));
                    break;
            }
        }
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (local, value) in sources)
            {
                if (names.Contains(local) || Source(value) is not { } source || !names.Contains(source)) continue;
                names.Add(local);
                grew = true;
            }
        }
        return names;
    }

    /// <summary><c>v[…]</c> for a name <c>v</c> in <paramref name="names"/>.</summary>
    private static bool Names(ExpressionSyntax target, HashSet<string> names) =>
        target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } && names.Contains(id.Identifier.ValueText);

    /// <summary>Whether an argument passes one of <paramref name="names"/>, whole or sliced.</summary>
    private static bool Passes(ExpressionSyntax argument, HashSet<string> names) => Source(argument) is { } s && names.Contains(s);
}
