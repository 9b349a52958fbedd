using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Passive recurrences recomputed in a forward-ordered reverse loop (issue 13). GradBench's llsq computes
/// <c>inner_sum -= x[j] * mul; mul *= ti;</c> over j: <c>mul</c> depends on no input, but the derivative of the first
/// statement reads it and the second overwrites it, so the pullback recorded it n·m times. It cannot be undone in the
/// reverse order (<c>mul / ti</c> is not exact), but the loop's reverse does not need the reverse order: its iterations
/// write disjoint adjoints (<c>dx[j]</c>) and read only adjoints no iteration writes (<c>dinner_sum</c>, which an
/// increment leaves unchanged). So its reverse runs forward, recomputing <c>mul</c> with the primal's own statements.
/// </summary>
/// <remarks>
/// A counted loop whose trip count the reverse sweep recomputes (<see cref="InvariantTripCount"/>), outside
/// checkpointed loops, runs its reverse forward when:
/// <list type="bullet">
/// <item>its body is assignments only, passive ones (the recurrence: scalar targets, values that call nothing) before
/// and after the active ones, none between;</item>
/// <item>each active assignment is an increment of a scalar (<c>s = s ± e</c>: its adjoint passes through unchanged) or
/// writes <c>a[v]</c> (v the loop's counter), and every other adjoint its reverse writes is an element <c>b[v]</c>: so
/// no iteration's reverse reads an adjoint another one writes, and no two add into the same one. Accumulating into one
/// scalar adjoint over the iterations (<c>s += x0 * w</c>) would be legal too, but adds in another order and changes
/// the rounding; refusing it keeps the gradient bit for bit the one the recording pullback gives;</item>
/// <item>no active derivative keeps a nonlinear value (that goes on the tape, which only pops in reverse order), and
/// nothing in the body is recorded but the passive assignments' old values;</item>
/// <item>the reverse reads nothing the body writes but the recurrence's variables and the counter, and every variable
/// the recurrence writes is needed by it;</item>
/// <item>and recomputing an iteration's recurrence costs less than recording what it overwrites
/// (<see cref="RecomputeCost"/>; an integer the reverse sweep undoes by its inverse costs nothing to "record").</item>
/// </list>
/// The reverse of such a loop sets the recurrence's variables to their values on entry to the loop (a literal the
/// assignments just before it give, when the reverse sweep can evaluate that, else one value recorded per loop run), then for each iteration in forward order
/// runs the passive statements before the active ones, the active ones' reverses (last first, as always), and the
/// passive statements after them; then gives the variables their entry values back when another reverse reads them.
/// What the recurrence itself reads (llsq's <c>ti</c>) counts as read by the loop's reverse, so the analysis keeps it.
/// </remarks>
internal sealed partial class ToBeRecorded
{
    /// <summary>How the reverse of a loop runs forward (see the remarks on this file).</summary>
    internal sealed record ForwardPlan(
        For Loop,
        IReadOnlyList<Assign> Before,
        IReadOnlyList<Assign> Active,
        IReadOnlyList<Assign> After,
        IReadOnlyList<(string Name, IrType Type, Expr? Entry)> Variables,
        string Why)
    {
        /// <summary>Whether a reverse outside the loop reads the recurrence's variables, so they get their entry values back.</summary>
        public bool Restore { get; set; }
    }

    private readonly Dictionary<Stmt, ForwardPlan> _forwardPlans = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, ForwardPlan> _forwardPlanOf = new(ReferenceComparer.Instance);

    /// <summary>The plan for running <paramref name="loop"/>'s reverse forward, or null when it runs in reverse order.</summary>
    public ForwardPlan? ForwardOrder(For loop) => _forwardPlans.TryGetValue(loop, out var plan) ? plan : null;

    /// <summary>Whether <paramref name="a"/> is a passive assignment that a forward-ordered reverse loop runs again.</summary>
    private bool Replayed(Assign a) =>
        _forwardPlanOf.TryGetValue(a, out var plan) && !IsActiveTarget(a) && plan.Variables.Any(v => a.Target is Ref r && r.Name == v.Name);

    /// <summary>
    /// Chooses the loops whose reverse runs forward. Called after a first <see cref="Compute"/> (it reads what that one
    /// records), it then computes again without those records, and drops a loop whose body would still record something.
    /// </summary>
    private void FindForwardOrderedLoops()
    {
        var candidates = new List<ForwardPlan>();
        foreach (var (loop, list, index) in Loops(M.Body))
        {
            if (Plan(loop, list, index) is { } plan) candidates.Add(plan);
        }
        while (candidates.Count > 0)
        {
            _forwardPlans.Clear();
            _forwardPlanOf.Clear();
            foreach (ForwardPlan plan in candidates)
            {
                _forwardPlans[plan.Loop] = plan;
                foreach (Stmt s in plan.Loop.Body) _forwardPlanOf[s] = plan;
            }
            _recorded.Clear();
            _saves.Clear();
            _inverse.Clear();
            Compute();
            int before = candidates.Count;
            candidates.RemoveAll(p => p.Loop.Body.Any(s => Restores(s)));
            if (candidates.Count == before) break;
        }
        if (candidates.Count == 0 && _forwardPlans.Count > 0)
        {
            _forwardPlans.Clear();
            _forwardPlanOf.Clear();
            _recorded.Clear();
            _saves.Clear();
            _inverse.Clear();
            Compute();
        }
        foreach (ForwardPlan plan in _forwardPlans.Values)
        {
            var inside = new HashSet<Stmt>(plan.Loop.Body, ReferenceComparer.Instance);
            var outside = new HashSet<string>(Ir.Descendants(M.Body).Where(s => !inside.Contains(s)).SelectMany(ReverseReads));
            foreach (HashSet<string> r in _replayReads.Values) outside.UnionWith(r);
            plan.Restore = plan.Variables.Any(v => outside.Contains(v.Name));
        }
    }

    /// <summary>Every counted loop with the statement list holding it and its position there.</summary>
    private static IEnumerable<(For Loop, IReadOnlyList<Stmt> List, int Index)> Loops(IReadOnlyList<Stmt> stmts)
    {
        for (int i = 0; i < stmts.Count; i++)
        {
            if (stmts[i] is For f) yield return (f, stmts, i);
            IEnumerable<IReadOnlyList<Stmt>> lists = stmts[i] switch
            {
                For inner => new IReadOnlyList<Stmt>[] { inner.Body },
                If c => new IReadOnlyList<Stmt>[] { c.Then, c.Else },
                While wl => new IReadOnlyList<Stmt>[] { wl.Body, wl.Increment },
                _ => System.Array.Empty<IReadOnlyList<Stmt>>(),
            };
            foreach (IReadOnlyList<Stmt> list in lists)
            {
                foreach (var found in Loops(list)) yield return found;
            }
        }
    }

    /// <summary>The plan for <paramref name="loop"/> when its reverse can run forward and that is cheaper (see the remarks), else null.</summary>
    private ForwardPlan? Plan(For loop, IReadOnlyList<Stmt> list, int index)
    {
        if (loop.Body.Count == 0 || InvariantTripCount(loop) is null || _replayedLoopOf.ContainsKey(loop)) return null;
        if (M.Checkpoints.Any(c => c.LoopVariable == loop.Var)) return null;
        var assigns = new List<Assign>();
        foreach (Stmt s in loop.Body)
        {
            if (s is not Assign a || Facts.IsArrayBind(a) || a.Value is Call) return null;
            assigns.Add(a);
        }
        int first = assigns.FindIndex(IsActiveTarget), last = assigns.FindLastIndex(IsActiveTarget);
        if (first < 0 || assigns.Skip(first).Take(last - first + 1).Any(a => !IsActiveTarget(a))) return null;
        var passive = assigns.Where(a => !IsActiveTarget(a)).ToList();
        if (passive.Count == 0) return null;

        // The recurrence: scalar targets, values that call nothing and read nothing the active statements write.
        var written = new HashSet<string> { loop.Var };
        foreach (Assign a in assigns) written.Add(a.Target is Elem el ? el.Array : ((Ref)a.Target).Name);
        var recurrence = new HashSet<string>();
        foreach (Assign a in passive)
        {
            if (a.Target is not Ref { Name: var v } || Facts.Arrays.Contains(v) || Facts.CountedLoopVariables.Contains(v)) return null;
            if (Ir.DescendantsAndSelf(a.Value).Any(e => e is Call or PassiveCall or DataRead or Opaque or Slice)) return null;
            recurrence.Add(v);
        }
        foreach (Assign a in passive)
        {
            if (Ir.Reads(a.Value).Any(n => written.Contains(n) && n != loop.Var && !recurrence.Contains(n))) return null;
        }

        // The active statements: each iteration's reverse reads and writes its own adjoints only.
        var needed = new HashSet<string>();
        foreach (Assign a in assigns.Where(IsActiveTarget))
        {
            List<Term> terms = Linearize.Terms(a.Value, Act, _c.Policy, _c.KnownOutput(a));
            bool elementTarget = a.Target is Elem;
            if (elementTarget && !OwnElement(a.Target, loop)) return null;
            if (!elementTarget)
            {
                var self = terms.Where(t => t.Leaf.Equals(a.Target)).ToList();
                if (self.Count != 1 || self[0].Guard is not null || !E.IsLit(self[0].Coefficient, 1)) return null;
                terms.Remove(self[0]);
            }
            foreach (Term t in terms)
            {
                if (!OwnElement(t.Leaf, loop)) return null;
                if (Ir.DescendantsAndSelf(t.Coefficient).Any(e => e is Prim p && (!PrimitiveTable.Rows.TryGetValue(p.Name, out Primitive? row) || row.Cost.Class == CostClass.Nonlinear))) return null;
            }
            var reads = new HashSet<string>();
            TermReads(terms, reads);
            if (elementTarget) reads.UnionWith(Ir.Children(a.Target).SelectMany(Ir.Reads));
            if (reads.Any(n => written.Contains(n) && n != loop.Var && !recurrence.Contains(n))) return null;
            needed.UnionWith(reads.Where(recurrence.Contains));
        }
        // Every variable of the recurrence feeds the reverse, directly or through another one.
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (Assign a in passive.Where(a => needed.Contains(((Ref)a.Target).Name)))
            {
                foreach (string n in Ir.Reads(a.Value).Where(recurrence.Contains)) grew |= needed.Add(n);
            }
        }
        if (!recurrence.SetEquals(needed)) return null;

        // Nothing else in the body goes on the tape, and recording the recurrence costs more than recomputing it.
        if (assigns.Where(IsActiveTarget).Any(Restores)) return null;
        double record = passive.Where(a => _recorded.ContainsKey(a)).Sum(a => RecomputeCost.Record(a.Target.Type.Name));
        double recompute = passive.Sum(a => RecomputeCost.Recompute(a.Value, a.Target.Type.Name));
        if (record == 0 || recompute >= record) return null;

        // Entry values: what the assignments just before the loop give them, when the reverse sweep can evaluate it
        // there (a literal, enclosing loops' counters, variables assigned once outside loops); else recorded once per loop run.
        // Only the last assignment before the loop counts (w = 1; w = w * q; leaves no known entry value).
        var entry = new Dictionary<string, Expr?>();
        for (int k = index - 1; k >= 0 && list[k] is Assign { Target: Ref or Elem } before; k--)
        {
            if (before.Target is Ref r && !entry.ContainsKey(r.Name)) entry[r.Name] = EvaluableAt(before.Value, loop) ? before.Value : null;
        }
        var variables = passive.Select(a => (Ref)a.Target).GroupBy(r => r.Name).Select(g => g.First())
            .Select(r => (r.Name, r.Type, entry.TryGetValue(r.Name, out Expr? e) ? e : null)).ToList();
        string names = string.Join(", ", variables.Select(v => v.Name));
        int bytes = passive.Where(a => _recorded.ContainsKey(a)).Sum(a => 2 * RecomputeCost.Bytes(a.Target.Type.Name));
        string why = $"recompute {names} forward instead of recording {(variables.Count == 1 ? "it" : "them")} ({recompute:0} {(recompute == 1 ? "operation" : "operations")} an iteration against {record:0} to record, {bytes} bytes through the tape): passive, and no iteration's reverse reads an adjoint another writes";
        return new ForwardPlan(loop, assigns.Take(first).ToList(), assigns.Skip(first).Take(last - first + 1).ToList(), assigns.Skip(last + 1).ToList(), variables, why);
    }

    /// <summary>Whether the reverse of <paramref name="loop"/> evaluates <paramref name="e"/> to its value before the loop:
    /// it reads only enclosing loops' counters (the reverse sweep sets them) and variables assigned once outside loops.</summary>
    private bool EvaluableAt(Expr e, For loop) =>
        !Ir.DescendantsAndSelf(e).Any(x => x is Call or PassiveCall or DataRead or Opaque or Slice or Elem or Len) &&
        Ir.Reads(e).All(n => _enclosing.TryGetValue(loop, out var outer) && outer.Contains(n) ||
            !Facts.MayOverwrite(n) && !Facts.Arrays.Contains(n) && !Facts.CountedLoopVariables.Contains(n));

    /// <summary>Whether <paramref name="e"/> is <c>a[v]</c> for the loop's counter v: an element no other iteration touches.</summary>
    private static bool OwnElement(Expr e, For loop) =>
        e is Elem { Inner.Count: 0, Jagged: false, Index: Ref { Name: var v } } && v == loop.Var;
}
