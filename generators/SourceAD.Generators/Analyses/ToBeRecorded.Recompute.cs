using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Recomputed fills (issue 13): a local array that a loop rewrites whole on every iteration of an enclosing loop, from
/// values that stay put, is recomputed at the start of each iteration's reverse instead of recorded entry by entry.
/// GradBench's gmm computes <c>xcentered[i] = x[ix·d + i] − mu[ik·d + i]</c> for every (point, component); recording
/// the entries it overwrites moved d doubles a pair through the tape and back (50 MB a gradient at d = 64, k = 100,
/// n = 1000), where recomputing them costs two cached loads and a subtraction an entry.
/// </summary>
/// <remarks>
/// A fill loop <c>for (v = 0; v &lt; n; v++) a[v] = e;</c> (n the array's length: <see cref="Covers"/>), a statement of
/// an enclosing counted loop's body, qualifies when:
/// <list type="bullet">
/// <item><c>a</c> is a flat local array, allocated once outside loops, bound to no other name;</item>
/// <item>every other statement that mentions <c>a</c> follows the fill in that same body (or is nested in one that
/// does) and only reads it: then each iteration's reverse, which runs those statements' reverses, finds <c>a</c> as
/// the fill left it once the fill has run again, and nothing before the loop, or after it, reads it;</item>
/// <item><c>e</c> reads only the fill's counter, counters of enclosing counted loops (the reverse sweep sets them),
/// scalars assigned once outside loops, and arrays no statement writes or passes to a call, so it evaluates to the
/// same value in the reverse sweep; it calls nothing;</item>
/// <item>the fill's counter is read nowhere else, since the recomputation leaves it at n;</item>
/// <item>and recomputing an entry costs less than recording it (<see cref="RecomputeCost"/>).</item>
/// </list>
/// The fill's assignment then records nothing, and the reverse sweep runs the fill again at the start of each
/// iteration of the enclosing loop (<see cref="RecomputedIn"/>).
/// </remarks>
internal sealed partial class ToBeRecorded
{
    private readonly Dictionary<Stmt, List<(For Fill, string Why)>> _recomputedIn = new(ReferenceComparer.Instance);
    private readonly HashSet<Stmt> _recomputedAssignments = new(ReferenceComparer.Instance);

    /// <summary>The fills the reverse of an iteration of <paramref name="loop"/> runs again first, in program order, each with why.</summary>
    public IReadOnlyList<(For Fill, string Why)> RecomputedIn(For loop) =>
        _recomputedIn.TryGetValue(loop, out var fills) ? fills : (IReadOnlyList<(For, string)>)System.Array.Empty<(For, string)>();

    private void FindRecomputedFills()
    {
        var unstable = ArraysWrittenOrPassed();
        foreach (For loop in Ir.Descendants(M.Body).OfType<For>())
        {
            for (int p = 0; p < loop.Body.Count; p++)
            {
                if (loop.Body[p] is not For fill || fill.Body.Count != 1) continue;
                if (fill.Body[0] is not Assign { Target: Elem { Inner.Count: 0, Jagged: false, Index: Ref { Name: var v } } target } a || v != fill.Var) continue;
                string array = target.Array;
                if (!Covers(fill, array) || Facts.AliasesOf(array).Count != 1) continue;
                if (!M.Locals.Any(l => l.Name == array && l.IsArray && l.Layout == ArrayLayout.Flat)) continue;
                if (!StaysPut(a.Value, fill, array, unstable) || !OnlyReadAfter(loop, p, fill, array)) continue;
                double recompute = RecomputeCost.Recompute(a.Value, Facts.Types[array]), record = RecomputeCost.Record(Facts.Types[array]);
                if (recompute >= record) continue;
                if (!_recomputedIn.TryGetValue(loop, out var fills)) _recomputedIn[loop] = fills = new List<(For, string)>();
                fills.Add((fill, $"recompute {array}[…] for this iteration: {recompute:0} operations an entry, against {record:0} to record it ({2 * RecomputeCost.Bytes(Facts.Types[array])} bytes through the tape)"));
                _recomputedAssignments.Add(a);
            }
        }
    }

    /// <summary>Arrays some statement writes, allocates, binds or passes to a call (which might write them).</summary>
    private HashSet<string> ArraysWrittenOrPassed()
    {
        var names = new HashSet<string>();
        foreach (Stmt s in Ir.Descendants(M.Body))
        {
            switch (s)
            {
                case Assign { Target: Elem el }: names.Add(el.Array); break;
                case Assign { Target: Ref r } when Facts.Arrays.Contains(r.Name): names.Add(r.Name); break;
                case NewArray na: names.Add(na.Name); break;
            }
            foreach (Expr e in Ir.Operands(s).SelectMany(Ir.DescendantsAndSelf))
            {
                if (e is not (Call or PassiveCall or DataRead)) continue;
                foreach (Expr arg in Ir.Children(e)) names.UnionWith(Ir.DescendantsAndSelf(arg).Select(x => x switch { Ref r => r.Name, Slice sl => sl.Array, _ => null }).OfType<string>().Where(Facts.Arrays.Contains));
            }
        }
        return names;
    }

    /// <summary>Whether <paramref name="value"/> evaluates the same in the reverse sweep as in the fill (see the remarks).</summary>
    private bool StaysPut(Expr value, For fill, string array, HashSet<string> unstable) =>
        Ir.DescendantsAndSelf(value).All(e => e switch
        {
            Call or PassiveCall or DataRead or Opaque or Slice => false,
            Ref r => r.Name == fill.Var
                || _enclosing.TryGetValue(fill, out var outer) && outer.Contains(r.Name) && !Facts.AssignCount.ContainsKey(r.Name)
                || !Facts.MayOverwrite(r.Name) && !Facts.Arrays.Contains(r.Name) && !Facts.CountedLoopVariables.Contains(r.Name),
            Elem el => el.Array != array && !unstable.Contains(el.Array) && Facts.AliasesOf(el.Array).Count == 1,
            Len len => len.Array != array && !unstable.Contains(len.Array),
            _ => true,
        });

    /// <summary>
    /// Whether every statement but the fill (and the array's allocation) that mentions <paramref name="array"/> lies in
    /// <c>loop.Body[q]</c>, q &gt; <paramref name="position"/>, and only reads it; and the fill's counter is read nowhere else.
    /// </summary>
    private bool OnlyReadAfter(For loop, int position, For fill, string array)
    {
        var after = new HashSet<Stmt>(Ir.Descendants(loop.Body.Skip(position + 1)), ReferenceComparer.Instance);
        var fillStmts = new HashSet<Stmt>(Ir.Descendants(new[] { (Stmt)fill }), ReferenceComparer.Instance);
        int allocations = 0;
        foreach (Stmt s in Ir.Descendants(M.Body))
        {
            if (fillStmts.Contains(s)) continue;
            var mentioned = new HashSet<string>(Ir.Operands(s).SelectMany(Ir.Reads));
            if (mentioned.Contains(fill.Var) || s is For { Var: var counter } && counter == fill.Var) return false;
            if (s is NewArray na && na.Name == array)
            {
                allocations++;
                continue;
            }
            if (!mentioned.Contains(array)) continue;
            if (!after.Contains(s)) return false;
            bool writes = s switch
            {
                Assign { Target: Elem el } => el.Array == array,
                Assign { Target: Ref r } => r.Name == array,
                CallStmt c => c.Outputs.Any(o => CallStmt.ArrayOf(o) == array),
                _ => false,
            };
            // Passed to a call, the array might be written through the argument.
            if (writes || Ir.Operands(s).SelectMany(Ir.DescendantsAndSelf).Any(e => e is Call or PassiveCall or DataRead && Ir.Children(e).Any(arg => Ir.Reads(arg).Contains(array) && arg is Ref or Slice))) return false;
        }
        return allocations == 1;
    }
}
