using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Known-zero adjoint entries over the reverse sweep (issue 13). The adjoint of a local array starts as a zeroed
/// buffer, and the reverse of <c>a[i] = e</c> resets <c>da[i]</c> after reading it; an update <c>da[j] += δ</c> of an
/// entry known to hold zero there is emitted as <c>da[j] = δ</c> (one load less, and no dependence on the previous
/// store), and a reset whose entry is next touched, on every path, by such an assignment is dead and left out. GradBench's
/// ode: in the reverse of <c>yf[i] += h·(k1[i] + 2·k2[i] + 2·k3[i] + k4[i]) / 6</c> every <c>dk1[i] … dk4[i]</c> is zero
/// (reset by the reverse of the <c>ode_fun</c> that wrote <c>k1 … k4</c> in the previous step, or fresh on the last
/// step), and those resets are dead.
/// </summary>
/// <remarks>
/// <para>Only local arrays are tracked: allocated by one one-dimensional <c>new T[n]</c> outside loops, active, and
/// aliased by no array bind, so their adjoints are buffers of the pullback's own that start zeroed and that nothing
/// reads after the reverse sweep. Everything else (scalars, parameters' adjoints) is left to the emitter's own
/// straight-line facts.</para>
/// <para>The reverse sweep is modelled as events on adjoint entries, in the order the reverse runs them
/// (<see cref="Build"/>): a statement's reverse reads and resets its target's adjoint, then updates the adjoint of each
/// entry its right-hand side reads. Whatever the model does not follow (calls, while loops, checkpointed loops, loops
/// reversed in forward order) forgets everything. A loop is solved as a fixpoint over its back edge: a fact holds at
/// the body's entry iff it holds on entry to the loop and at the body's end. An array that the body mentions only at
/// one index <c>v</c> or <c>v ± c</c> of the loop's variable v is the body's own: each iteration touches an entry no
/// other iteration touches, so that entry is zero at an iteration's start iff the whole array was zero on entry to the
/// loop, and a body that leaves its entry zero leaves the loop's range zero; ranges that meet (<c>z[0] = x[0]</c>, then
/// a loop from 1) make the whole array when they reach its length. When in doubt a fact is dropped, and the update
/// stays an accumulation.</para>
/// </remarks>
internal sealed partial class AdjointZero
{
    private readonly MethodAnalysis _analysis;
    private readonly Func<Assign, bool> _activeTarget;
    private readonly Func<Stmt, bool> _opaque;
    private readonly Dictionary<string, Expr> _tracked = new(StringComparer.Ordinal);
    private readonly Dictionary<Assign, HashSet<Expr>> _zeroLeaves = new(ReferenceComparer.Instance);
    private readonly HashSet<Assign> _deadResets = new(ReferenceComparer.Instance);

    /// <param name="analysis">The method's facts and activity.</param>
    /// <param name="activeTarget">Whether the reverse of an assignment updates its target's adjoint (the emitter's test).</param>
    /// <param name="opaque">Statements whose reverse the model does not follow (checkpointed loops, loops reversed in
    /// forward order): everything is forgotten there.</param>
    /// <param name="enabled">False: nothing is known (the analysis is off for split pullbacks and checkpointed bodies).</param>
    public AdjointZero(MethodAnalysis analysis, Func<Assign, bool> activeTarget, Func<Stmt, bool> opaque, bool enabled)
    {
        _analysis = analysis;
        _activeTarget = activeTarget;
        _opaque = opaque;
        if (!enabled) return;
        TrackLocals();
        if (_tracked.Count == 0) return;
        List<Ev> sweep = Build(M.Body);
        var start = new AdjointEntries();
        start.Whole.UnionWith(_tracked.Keys);
        Zero(sweep, start, record: true);
        var end = new AdjointEntries();
        end.Whole.UnionWith(_tracked.Keys);
        Clobbered(sweep, end, record: true);
    }

    private MethodModel M => _analysis.Model;
    private VariableFacts Facts => _analysis.Facts;

    /// <summary>The entries whose adjoints hold zero before the reverse of <paramref name="a"/> and that its reverse
    /// updates first by an unguarded term: the emitter assigns them.</summary>
    public IReadOnlyCollection<Expr> ZeroLeaves(Assign a) => _zeroLeaves.TryGetValue(a, out var s) ? s : (IReadOnlyCollection<Expr>)Array.Empty<Expr>();

    /// <summary>Whether the reset of <paramref name="a"/>'s target adjoint in its reverse is dead: on every path, the
    /// next reverse statement that touches that entry assigns it.</summary>
    public bool DeadReset(Assign a) => _deadResets.Contains(a);

    private void TrackLocals()
    {
        var allocations = Ir.Descendants(M.Body).OfType<NewArray>().GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var pair in allocations)
        {
            string name = pair.Key;
            if (pair.Value.Count != 1) continue;
            NewArray na = pair.Value[0];
            if (!M.Body.Contains(na) || na.More.Count > 0 || na.Row is not null || na.Jagged) continue;
            if (!_analysis.Activity.IsActive(name) || !Facts.IsReal(na.ElementType) || Facts.AliasesOf(name).Count != 1) continue;
            if (M.Params.Any(p => p.Name == name)) continue;
            // A mention of the whole array (passed to a call, sliced, bound) is a use the model does not follow.
            if (Ir.AllExpressions(M.Body).SelectMany(Ir.DescendantsAndSelf).Any(e => e is Ref r && r.Name == name || e is Slice s && s.Array == name)) continue;
            _tracked[name] = Passive(na.Length) ? na.Length : new Len(name);
        }
    }

    /// <summary>An integer expression whose value never changes: it reads only variables assigned at most once, outside loops.</summary>
    private bool Passive(Expr e) =>
        !Ir.DescendantsAndSelf(e).Any(n => n is Call or PassiveCall or Elem or DataRead or Opaque) &&
        Ir.Reads(e).All(n => !Facts.MayOverwrite(n) && !Facts.Arrays.Contains(n) && !Facts.CountedLoopVariables.Contains(n));

    private bool IsLength(string array, Expr e) =>
        e is Len { Dimension: null, Row: null } l && l.Array == array || _tracked.TryGetValue(array, out Expr? n) && n.Equals(e);

    private Expr? LengthOf(string array) => _tracked.TryGetValue(array, out Expr? n) ? n : null;

    // ---------------------------------------------------------------- the reverse sweep as events

    private enum Touch { Read, Reset, Update }

    private abstract record Ev;

    /// <summary>The reverse of <paramref name="Site"/> touches the adjoint of <c>Array[Index]</c>; <paramref name="First"/>:
    /// an update that an unguarded term makes (the emitter's first update of the entry in that statement).</summary>
    private sealed record EntryEv(Touch Kind, Elem Entry, Assign? Site, bool First) : Ev
    {
        public string Array => Entry.Array;

        public Expr Index => Entry.Index;
    }

    /// <summary>A variable changes (a popped or inverted integer): single entries indexed by it are forgotten.</summary>
    private sealed record VarEv(string Name) : Ev;

    private sealed record OpaqueEv : Ev;

    private sealed record BranchEv(List<Ev> Then, List<Ev> Else) : Ev;

    private sealed record LoopEv(For Loop, List<Ev> Body, HashSet<string> Assigned, Dictionary<string, Expr> Own) : Ev;

    /// <summary>The reverse of <paramref name="stmts"/>, last statement first.</summary>
    private List<Ev> Build(IReadOnlyList<Stmt> stmts)
    {
        var evs = new List<Ev>();
        for (int k = stmts.Count - 1; k >= 0; k--) BuildOne(stmts[k], evs);
        return evs;
    }

    private void BuildOne(Stmt s, List<Ev> evs)
    {
        if (_opaque(s))
        {
            evs.Add(new OpaqueEv());
            return;
        }
        switch (s)
        {
            case Assign a:
                if (a.Target is Ref r) evs.Add(new VarEv(r.Name));
                if (!_activeTarget(a)) return;
                if (a.Value is Call || Facts.IsArrayBind(a))
                {
                    evs.Add(new OpaqueEv());
                    return;
                }
                if (a.Target is Elem t && _tracked.ContainsKey(t.Array))
                {
                    evs.Add(new EntryEv(Touch.Read, t, a, false));
                    // x[i] = f(x[i]) may pass the adjoint through or add to it: an update, not a reset.
                    bool self = Ir.DescendantsAndSelf(a.Value).Any(e => e.Equals(t));
                    evs.Add(new EntryEv(self ? Touch.Update : Touch.Reset, t, a, false));
                }
                AddUpdates(a.Value, a, evs);
                return;
            case Return ret:
                AddUpdates(ret.Value, null, evs);
                return;
            case If i:
                evs.Add(new BranchEv(Build(i.Then), Build(i.Else)));
                return;
            case For f:
            {
                var assigned = new HashSet<string>(StringComparer.Ordinal) { f.Var };
                foreach (Stmt d in Ir.Descendants(f.Body))
                {
                    if (d is Assign { Target: Ref w }) assigned.Add(w.Name);
                    if (d is For inner) assigned.Add(inner.Var);
                }
                evs.Add(new LoopEv(f, Build(f.Body), assigned, OwnArrays(f, assigned)));
                return;
            }
            case NewArray or EffectStmt or ThrowStmt:
                return;
            default:
                evs.Add(new OpaqueEv());
                return;
        }
    }

    /// <summary>An update of every tracked entry the right-hand side reads (a superset of its active leaves).</summary>
    private void AddUpdates(Expr value, Assign? site, List<Ev> evs)
    {
        // The unguarded terms' leaves: the emitter updates each of them first, before any guarded term.
        var first = site is null ? new HashSet<Expr>() : new HashSet<Expr>(
            Linearize.Terms(value, _analysis.Activity, _analysis.Policy, _analysis.KnownOutput(site)).Where(t => t.Depth == 0).Select(t => t.Leaf));
        foreach (Elem el in Ir.DescendantsAndSelf(value).OfType<Elem>().Where(e => _tracked.ContainsKey(e.Array)).Distinct())
        {
            // Not the target: x[i] = x[i] + e passes its adjoint through, with no update of it.
            evs.Add(new EntryEv(Touch.Update, el, site, first.Contains(el) && !el.Equals(site?.Target)));
        }
    }

    /// <summary>
    /// The tracked arrays the loop's body mentions only at one index <c>v</c> or <c>v ± c</c> (v the loop's variable,
    /// which nothing in the body assigns): each iteration touches its own entry.
    /// </summary>
    private Dictionary<string, Expr> OwnArrays(For f, HashSet<string> assigned)
    {
        var own = new Dictionary<string, Expr>(StringComparer.Ordinal);
        if (f.Step == 0 || Ir.Descendants(f.Body).Any(d => d is Assign { Target: Ref { Name: var n } } && n == f.Var)) return own;
        var mentions = Ir.AllExpressions(f.Body).SelectMany(Ir.DescendantsAndSelf).OfType<Elem>().Where(e => _tracked.ContainsKey(e.Array));
        foreach (var g in mentions.GroupBy(e => e.Array))
        {
            var indices = g.Select(e => e.Index).Distinct().ToList();
            if (indices.Count == 1 && OwnIndex(indices[0], f.Var)) own[g.Key] = indices[0];
        }
        return own;
    }

    private static bool OwnIndex(Expr index, string v) =>
        index is Ref r && r.Name == v ||
        index is Bin { Op: BinaryOp.Add or BinaryOp.Subtract, A: Ref a, B: Lit } && a.Name == v ||
        index is Bin { Op: BinaryOp.Add, A: Lit, B: Ref b } && b.Name == v;

    /// <summary>[start, bound) for <c>for (v = start; v &lt; bound; v++)</c> with both never changing; else null.</summary>
    private (Expr Lo, Expr Hi)? Range(For f) =>
        f.Step == 1 && f.Cond is Bin { Op: BinaryOp.LessThan, A: Ref { Name: var v }, B: var bound } && v == f.Var &&
        Passive(f.Start) && (Passive(bound) || bound is Len { Dimension: null, Row: null })
            ? (f.Start, bound) : null;

    // ---------------------------------------------------------------- known zero, in the reverse sweep's order

    private AdjointEntries Zero(List<Ev> evs, AdjointEntries s, bool record)
    {
        foreach (Ev ev in evs) s = Zero(ev, s, record);
        return s;
    }

    private AdjointEntries Zero(Ev ev, AdjointEntries s, bool record)
    {
        switch (ev)
        {
            case EntryEv { Kind: Touch.Read }:
                return s;
            case EntryEv { Kind: Touch.Reset } e:
                s.Cells.Add((e.Array, e.Index));
                if (e.Index is Lit { Value: var c }) s.AddRange(e.Array, e.Index, new Lit(IrType.Int, c + 1), IsLength);
                return s;
            case EntryEv { Kind: Touch.Update } e:
                if (record && e.First && e.Site is { } site && s.Holds(e.Array, e.Index) && SoleIndex(site, e.Array))
                {
                    if (!_zeroLeaves.TryGetValue(site, out var leaves)) _zeroLeaves[site] = leaves = new HashSet<Expr>();
                    leaves.Add(e.Entry);
                }
                s.Remove(e.Array, e.Index, null);
                return s;
            case VarEv v:
                s.ForgetIndicesReading(new[] { v.Name });
                return s;
            case BranchEv b:
                return Zero(b.Then, s.Copy(), record).Meet(Zero(b.Else, s, record));
            case LoopEv l:
                return ZeroLoop(l, s, record);
            default:
                return new AdjointEntries();
        }
    }

    /// <summary>Every mention of <paramref name="array"/> in the statement is at one index: no other update in its
    /// reverse can be the same entry under another name.</summary>
    private static bool SoleIndex(Assign a, string array) =>
        Ir.DescendantsAndSelf(a.Value).Concat(Ir.DescendantsAndSelf(a.Target)).OfType<Elem>().Where(e => e.Array == array).Select(e => e.Index).Distinct().Count() == 1;

    private AdjointEntries ZeroLoop(LoopEv l, AdjointEntries entry, bool record)
    {
        // The facts the loop's own arrays bring: each iteration's entry is zero if the whole array was.
        var own = new AdjointEntries();
        foreach (var pair in l.Own.Where(p => entry.Whole.Contains(p.Key))) own.Cells.Add((pair.Key, pair.Value));
        var outer = entry.Copy();
        outer.ForgetIndicesReading(l.Assigned);
        foreach (string a in l.Own.Keys) outer.Forget(a);
        // Greatest fixpoint below the entry's facts: what holds at the body's start and again at its end.
        var x = outer;
        for (int round = 0; ; round++)
        {
            var end = Zero(l.Body, Union(x, own), record: false);
            var next = x.Meet(end);
            if (next.SameAs(x)) break;
            x = next;
            if (round == 20) return new AdjointEntries();
        }
        var last = Zero(l.Body, Union(x, own), record);
        var after = outer.Meet(last);
        after.ForgetIndicesReading(l.Assigned);
        foreach (var pair in l.Own)
        {
            if (!last.Cells.Contains((pair.Key, pair.Value)) && !last.Whole.Contains(pair.Key)) continue;
            if (entry.Whole.Contains(pair.Key)) after.Whole.Add(pair.Key);
            else if (pair.Value is Ref && Range(l.Loop) is { } range) after.AddRange(pair.Key, range.Lo, range.Hi, IsLength);
        }
        return after;
    }

    private static AdjointEntries Union(AdjointEntries a, AdjointEntries b)
    {
        var c = a.Copy();
        c.Whole.UnionWith(b.Whole);
        c.Cells.UnionWith(b.Cells);
        c.Ranges.UnionWith(b.Ranges);
        return c;
    }
}
