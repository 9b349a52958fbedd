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
    private static ViewNames Aliases(SyntaxNode? body, string name, Compilation? compilation)
    {
        var names = new ViewNames(compilation) { name };
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
                if (names.Contains(local) || Source(value, compilation) is not { } source || !names.Contains(source)) continue;
                names.Add(local);
                grew = true;
            }
        }
        return names;
    }

    /// <summary>
    /// <c>v[…]</c> for a name <c>v</c> in <paramref name="names"/>, or <c>View(v, …)[…]</c> through a span-view helper
    /// (<see cref="SpanViews"/>: <c>get_col(3, m, i)[k] = …</c> writes m).
    /// </summary>
    private static bool Names(ExpressionSyntax target, ViewNames names) => target switch
    {
        ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } => names.Contains(id.Identifier.ValueText),
        ElementAccessExpressionSyntax { Expression: InvocationExpressionSyntax view } => ViewSource(view, names.Compilation) is { } s && names.Contains(s),
        _ => false,
    };

    /// <summary>Whether an argument passes one of <paramref name="names"/>, whole, sliced or through a span-view helper.</summary>
    private static bool Passes(ExpressionSyntax argument, ViewNames names) => Source(argument, names.Compilation) is { } s && names.Contains(s);

    /// <summary>
    /// The array a span-view helper's call views (<c>get_col(3, pose_params, i)</c> views pose_params), by the argument
    /// bound to the parameter the helper slices; null for any other call, or without a compilation to bind it in.
    /// </summary>
    private static string? ViewSource(InvocationExpressionSyntax call, Compilation? compilation)
    {
        if (compilation is null || !compilation.ContainsSyntaxTree(call.SyntaxTree)) return null;
        if (compilation.GetSemanticModel(call.SyntaxTree).GetSymbolInfo(call).Symbol is not IMethodSymbol callee) return null;
        IMethodSymbol method = callee.ReducedFrom ?? callee;
        if (SpanViews.ViewedParameter(method, out _) is not IParameterSymbol viewed) return null;
        int ordinal = viewed.Ordinal;
        if (callee.ReducedFrom is not null)
        {
            // An extension call: the receiver is the first parameter.
            if (ordinal == 0) return call.Expression is MemberAccessExpressionSyntax ma ? Source(ma.Expression, compilation) : null;
            ordinal--;
        }
        var arguments = call.ArgumentList.Arguments;
        ArgumentSyntax? argument = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == viewed.Name) ??
                                   (ordinal < arguments.Count && arguments[ordinal].NameColon is null ? arguments[ordinal] : null);
        return argument is null ? null : Source(argument.Expression, compilation);
    }

    /// <summary>The names that reach one array's storage in a body, with the compilation that binds span-view helper calls in it.</summary>
    private sealed class ViewNames : HashSet<string>
    {
        public ViewNames(Compilation? compilation) => Compilation = compilation;

        public Compilation? Compilation { get; }
    }
}
