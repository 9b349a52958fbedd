using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Recorded outcomes (issue 13): a statement that overwrites a variable its derivative reads only to choose a branch
/// records which way each choice went, one byte, instead of the old value, eight bytes. GradBench's lse keeps a running
/// maximum, <c>A = Math.Max(A, x[i])</c>: the partials of Max are selectors (1 to the winner, the tie rule's split at
/// equality, NaN rules), so the reverse sweep reads the old A only in the comparisons <c>A &gt; x[i]</c>,
/// <c>A &lt; x[i]</c>, <c>A == x[i]</c>, <c>A &lt;= ∞</c>. The forward sweep evaluates those comparisons before the
/// assignment and records them as bits; the reverse tests the bits where it compared the values. The same holds for
/// Min, Abs, Relu and every rule whose partials select among constants: this is decided on the linearization,
/// not on the primitive's name.
/// </summary>
/// <remarks>
/// An assignment <c>v = e</c> to an active scalar records its outcome when:
/// <list type="bullet">
/// <item>e is not a call and lies under no <c>?:</c> of the source (its terms have no path: each comparison's operands
/// are then operands the primal evaluated anyway, so evaluating every comparison in the forward sweep reads nothing it
/// skipped);</item>
/// <item>each partial's coefficient reads v only inside the conditions of its <c>?:</c> selectors, at least one does,
/// and there are at most eight distinct conditions (one byte);</item>
/// <item>the conditions are comparisons of plain values: variables, elements, constants and arithmetic. No call (a
/// primitive there would be evaluated again in the forward sweep), and no selection: Clamp's rule compares the inner
/// maximum, a <c>?:</c>, in four conditions, which would each evaluate it again; recording the value costs less.</item>
/// </list>
/// The reverse of such a statement then reads nothing the conditions read (<see cref="ReverseReads"/>), so the old value
/// is recorded only when another statement's reverse reads it, found as for any write. The tie behaviour is unchanged:
/// the selectors and their leaves (the policy's split at a tie, the Strict policy's throw) are the rule's own, only
/// their conditions are read from the bits. Only where the reverse sweep is in the same method (not split sweeps,
/// whose shared tapes have no byte tape), and never in a forward-ordered reverse loop (<see cref="Restores"/> keeps
/// such loops out, since the tape pops in reverse order only).
/// </remarks>
internal sealed partial class ToBeRecorded
{
    /// <summary>The most conditions one recorded outcome holds: one bit each in a byte.</summary>
    private const int MaxOutcomeBits = 8;

    private readonly Dictionary<Stmt, IReadOnlyList<Expr>> _outcomes = new(ReferenceComparer.Instance);

    /// <summary>
    /// The conditions whose outcomes the forward sweep records for <paramref name="s"/>, bit i for condition i, or null
    /// when it records none.
    /// </summary>
    public IReadOnlyList<Expr>? Outcome(Stmt s) => _outcomes.TryGetValue(s, out var conditions) ? conditions : null;

    private void FindOutcomes()
    {
        foreach (Assign a in Ir.Descendants(M.Body).OfType<Assign>())
        {
            if (OutcomeConditions(a) is { } conditions) _outcomes[a] = conditions;
        }
    }

    private IReadOnlyList<Expr>? OutcomeConditions(Assign a)
    {
        if (a.Target is not Ref { Name: var v } || a.Value is Call || Facts.IsArrayBind(a) || !IsActiveTarget(a)) return null;
        List<Term> terms = Linearize.Terms(a.Value, Act, _c.Policy, _c.KnownOutput(a));
        if (terms.Count == 0 || terms.Any(t => t.Path is not null)) return null;
        var conditions = new List<Expr>();
        foreach (Term t in terms) CollectConditions(t.Coefficient, conditions);
        if (conditions.Count == 0 || conditions.Count > MaxOutcomeBits) return null;
        if (!conditions.Any(c => Ir.Reads(c).Contains(v))) return null;
        if (conditions.SelectMany(Ir.DescendantsAndSelf).Any(e => e is not (Ref or Elem or Lit or Bin or Un or Conv or Len))) return null;
        var reads = new HashSet<string>();
        TermReads(WithoutConditions(terms, conditions), reads);
        return reads.Contains(v) ? null : conditions;
    }

    /// <summary>The conditions of the <c>?:</c> selectors in a coefficient, outermost first, each once.</summary>
    private static void CollectConditions(Expr e, List<Expr> conditions)
    {
        if (e is Cond c)
        {
            if (!conditions.Contains(c.C)) conditions.Add(c.C);
            CollectConditions(c.A, conditions);
            CollectConditions(c.B, conditions);
            return;
        }
        foreach (Expr child in Ir.Children(e)) CollectConditions(child, conditions);
    }

    /// <summary>The terms with each recorded condition standing for a value that reads nothing (its bit).</summary>
    private static List<Term> WithoutConditions(List<Term> terms, IReadOnlyList<Expr> conditions)
    {
        var bit = new Opaque(IrType.Bool, "outcome");
        return terms.Select(t => t with { Coefficient = Ir.Replace(t.Coefficient, e => conditions.Contains(e) ? bit : null) }).ToList();
    }
}
