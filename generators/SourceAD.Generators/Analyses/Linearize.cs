using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// One term of a linearization: ∂e/∂Leaf = Coefficient, for an active variable or array element. A term under
/// <c>?:</c> branches carries them in <see cref="Path"/>, outermost first: the whole update (coefficient and the leaf's
/// index) runs only when those branches were taken, so e.g. <c>i &gt; 0 ? x[i-1] : 0</c> never touches <c>dx[-1]</c>.
/// Reverse mode nests the updates of one branch under one <c>if</c> and shares their subexpressions; <see cref="Guard"/>
/// is the same path as one condition, for code that tests a term on its own.
/// </summary>
internal sealed record Term(Expr Leaf, Expr Coefficient, IReadOnlyList<Branch>? Path = null)
{
    /// <summary>How many ?: branches the term lies under.</summary>
    public int Depth => Path?.Count ?? 0;

    /// <summary>The condition under which the term applies (the path's conditions joined by &amp;&amp;); null when it always does.</summary>
    public Expr? Guard => Path is null ? null : Path.Reverse().Aggregate((Expr?)null, (inner, b) =>
    {
        Expr test = b.WhenTrue ? b.Condition : new Un(IrType.Bool, UnaryOp.Not, b.Condition);
        return inner is null ? test : E.And(test, inner);
    });
}

/// <summary>One ?: a term lies under: its condition, and whether the term is in the branch taken when it holds.</summary>
internal sealed record Branch(Expr Condition, bool WhenTrue);

/// <summary>
/// The linearization of an expression: the partial derivative with respect to every active leaf, built from the
/// primitive table's rules by the chain rule. Reverse mode accumulates <c>seed·coefficient</c> into each leaf's adjoint;
/// forward mode sums <c>coefficient·tangent(leaf)</c>. One rule set, both modes.
/// </summary>
internal static class Linearize
{
    // Frozen: the generator runs for many compilations at once, so no table it reads may change after start-up.
    /// <param name="e">The expression.</param>
    /// <param name="activity">Which leaves are active.</param>
    /// <param name="policy">Nonsmooth choices for kinks.</param>
    /// <param name="knownOutput">A variable already holding e's value (lets exp, sqrt, tanh reuse it), or null.</param>
    public static List<Term> Terms(Expr e, Activity activity, PolicyModel policy, Expr? knownOutput = null)
    {
        var terms = new List<Term>();
        Walk(e, E.One(e.Type), activity, policy, knownOutput, terms);
        // One update per leaf: x·x contributes x + x to dx once, not twice.
        return terms.GroupBy(t => (t.Leaf, t.Guard))
            .Select(g => new Term(g.Key.Leaf, g.Select(t => t.Coefficient).Aggregate(E.Add), g.First().Path))
            .ToList();
    }

    private static void Walk(Expr e, Expr coef, Activity activity, PolicyModel policy, Expr? output, List<Term> terms)
    {
        if (!activity.IsActive(e)) return;
        switch (e)
        {
            case Ref or Elem:
                terms.Add(new Term(e, coef));
                break;
            case Conv c:
                // The adjoint crosses the conversion in the operand's type (T ↔ double needs explicit conversion).
                Walk(c.A, E.To(c.A.Type, coef), activity, policy, null, terms);
                break;
            case Un { Op: UnaryOp.Negate } u:
                Walk(u.A, E.Neg(coef), activity, policy, null, terms);
                break;
            case Bin b when Operators.Row(b.Op) is string row:
                Rule(PrimitiveTable.Get(row), new[] { b.A, b.B }, e, coef, activity, policy, output, terms);
                break;
            case Prim p:
                Rule(PrimitiveTable.Get(p.Name), p.Args.ToArray(), e, coef, activity, policy, output, terms);
                break;
            case Cond c:
            {
                // C#'s semantics: only the branch taken contributes. Guarding each term (rather than multiplying by
                // 0/1) keeps a NaN/∞ partial or an out-of-range index of the untaken branch out of the result.
                var a = new List<Term>();
                Walk(c.A, coef, activity, policy, null, a);
                terms.AddRange(a.Select(t => t with { Path = Under(new Branch(c.C, true), t.Path) }));
                var b = new List<Term>();
                Walk(c.B, coef, activity, policy, null, b);
                terms.AddRange(b.Select(t => t with { Path = Under(new Branch(c.C, false), t.Path) }));
                break;
            }
            case Call:
                throw new InvalidOperationException("Calls are hoisted into their own statements before linearization.");
        }
    }

    private static IReadOnlyList<Branch> Under(Branch outer, IReadOnlyList<Branch>? inner) =>
        inner is null ? new[] { outer } : new[] { outer }.Concat(inner).ToArray();

    private static void Rule(Primitive row, Expr[] args, Expr e, Expr coef, Activity activity, PolicyModel policy, Expr? output, List<Term> terms)
    {
        Expr[] partials = row.Partials(new PartialContext(args, output ?? e, policy));
        for (int i = 0; i < args.Length; i++)
        {
            if (activity.IsActive(args[i])) Walk(args[i], E.Mul(coef, partials[i]), activity, policy, null, terms);
        }
    }
}
