using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Span-view helpers: a method declared in this compilation that returns a <c>Span&lt;T&gt;</c> or
/// <c>ReadOnlySpan&lt;T&gt;</c> (GradBench ht's <c>get_col</c>:
/// <c>ReadOnlySpan&lt;double&gt; get_col(int nrows, ReadOnlySpan&lt;double&gt; m, int i) =&gt; m.Slice(i * nrows);</c>).
/// Such a call returns no value of its own but a view of one of its arguments, so it is an alias, never a copy: the
/// lowering inlines it as the slice of the argument (MethodLowering.SpanViews.cs), and the output analysis treats
/// writes and reads through it as writes and reads of that argument (<see cref="OutputArrays"/>). One place decides
/// which parameter a helper views, so both agree. Only a body that is one <c>return</c> of a slice of a parameter, or
/// of the parameter itself, is a view this can name; any other span-returning helper is refused where it is called.
/// </summary>
internal static class SpanViews
{
    /// <summary>Whether <paramref name="m"/> returns a span and has its source here: calls of it are views or refused.</summary>
    public static bool ReturnsSpan(IMethodSymbol m)
    {
        m = m.OriginalDefinition;
        if (m.MethodKind != MethodKind.Ordinary || m.ReturnsByRef || m.ReturnsByRefReadonly) return false;
        if (TypeClassifier.ElementOf(m.ReturnType, out bool span, out bool readOnly) is null || !(span || readOnly)) return false;
        return m.DeclaringSyntaxReferences.Length > 0;
    }

    /// <summary>
    /// The parameter <paramref name="m"/>'s single <c>return</c> slices (or returns whole), with the returned
    /// expression; null when <paramref name="m"/> is not such a view helper (several statements, a slice of a local or
    /// a field, a generic or virtual method, a parameter passed by reference).
    /// </summary>
    public static IParameterSymbol? ViewedParameter(IMethodSymbol m, out ExpressionSyntax? returned)
    {
        returned = null;
        m = m.OriginalDefinition;
        if (!ReturnsSpan(m) || m.IsGenericMethod || m.IsAbstract || m.IsVirtual || m.IsOverride || m.IsExtern || m.IsAsync) return null;
        foreach (SyntaxReference reference in m.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not MethodDeclarationSyntax decl) continue;
            returned = decl.ExpressionBody?.Expression ??
                       (decl.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax r ? r.Expression : null);
            if (returned is null || OutputArrays.SourceName(returned) is not string name) return null;
            IParameterSymbol? p = m.Parameters.FirstOrDefault(q => q.Name == name);
            return p is { RefKind: RefKind.None } && TypeClassifier.ElementOf(p.Type, out _, out _) is not null ? p : null;
        }
        return null;
    }
}
