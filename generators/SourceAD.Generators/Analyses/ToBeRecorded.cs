using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// To-be-recorded (TBR) analysis: what the pullback's forward sweep must keep for its reverse sweep, and why. It knows
/// what each statement's reverse reads (<see cref="ReverseReads"/>: the operands of its partial derivatives, adjoint
/// indices, a callee's arguments) and records the value a write destroys only when some reverse read needs it:
/// <list type="bullet">
/// <item>the write's own reverse (<c>x = x·y</c> reads the old x), or the reverse of a statement that ran before it,
/// found walking the control-flow graph backwards from the write. A write to the same scalar stops the walk; so does a
/// loop that rewrites a whole array (<see cref="Covers"/>) for writes to that array. An increment <c>a[j] += e</c> or
/// <c>s += e</c> is linear in the old value, so its own reverse never reads it: after a loop that fills <c>a</c>, or
/// inside an accumulation, it records nothing.</item>
/// <item>An integer update by a passive amount (<c>idx++</c>, <c>k += stride</c>) is undone exactly by its inverse in
/// the reverse sweep (<see cref="Inverse"/>): integers recompute, they are never stored. So does a counted loop's start
/// and trip count that the reverse sweep can evaluate (<see cref="InvariantTripCount"/>).</item>
/// </list>
/// Invariant it maintains for the emitter: when the reverse of a statement S runs, every variable S's reverse reads
/// holds the value it had just before S ran.
/// </summary>
internal sealed partial class ToBeRecorded
{
    private readonly MethodAnalysis _c;
    private readonly Dictionary<Stmt, string> _recorded = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, List<(string Array, string Why)>> _saves = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, Expr> _inverse = new(ReferenceComparer.Instance);
    private readonly Dictionary<For, HashSet<string>> _enclosing = new(ReferenceComparer.Instance);
    private readonly HashSet<string> _passiveArrayParameters;

    private readonly System.Func<Stmt, bool> _isSplit;

    /// <param name="analysis">The method's shared analyses.</param>
    /// <param name="isSplit">Which statements call split (Transforms/SplitSweeps.cs): their callee's reverse sweep undoes
    /// its in-place edits itself, so the arrays they edit need no save around the call. None when null.</param>
    /// <param name="recomputeFills">Whether the reverse sweep may run fill loops again instead of recording what they
    /// overwrite (ToBeRecorded.Recompute.cs), and restore a loop's range in one block (ToBeRecorded.RangeSnapshots.cs):
    /// off for split sweeps, whose reverse is another method.</param>
    /// <param name="checkpoints">Whether the model's [Checkpoint] loops are replayed (PullbackEmitter.Checkpoint.cs): off for split sweeps.</param>
    public ToBeRecorded(MethodAnalysis analysis, System.Func<Stmt, bool>? isSplit = null, bool recomputeFills = false, bool checkpoints = false)
    {
        _c = analysis;
        _isSplit = isSplit ?? (_ => false);
        if (checkpoints) FindReplayedLoops();
        _passiveArrayParameters = new HashSet<string>(M.Params.Where(p => p.Kind == ParamKind.PassiveArray).Select(p => p.Name));
        EnclosingLoops(M.Body, new HashSet<string>());
        if (recomputeFills) FindRecomputedFills();
        Compute();
        if (recomputeFills) FindForwardOrderedLoops();
        if (recomputeFills) FindRangeSnapshots();
    }

    private MethodModel M => _c.Model;
    private VariableFacts Facts => _c.Facts;
    private Activity Act => _c.Activity;

    /// <summary>Whether the forward sweep records what <paramref name="s"/> overwrites (an assignment's old value, or a call's output arrays).</summary>
    public bool Records(Stmt s) => _recorded.ContainsKey(s);

    /// <summary>Why <paramref name="s"/>'s old value is recorded: the one-line comment the generated code carries.</summary>
    public string Why(Stmt s) => _recorded[s];

    /// <summary>Whether the reverse of some statement reads <paramref name="variable"/> (an allocation in a loop then
    /// records the array it replaces, so each iteration's reverse sees that iteration's array).</summary>
    public bool ReadAnywhere(string variable) => _readAnywhere.Contains(variable);

    private readonly HashSet<string> _readAnywhere = new();

    /// <summary>Statements whose old value is recorded, one by one or in a loop's block (<see cref="RangeSnapshot"/>).</summary>
    public IEnumerable<Stmt> RecordedStatements => _recorded.Keys.Concat(_rangeSnapshots.Keys.Select(loop => loop.Body[0]));

    /// <summary>The passive arrays saved around a call that edits them in place, each with why.</summary>
    public IReadOnlyList<(string Array, string Why)> Saved(Stmt s) =>
        _saves.TryGetValue(s, out var saved) ? saved : (IReadOnlyList<(string, string)>)System.Array.Empty<(string, string)>();

    /// <summary>The value that undoes an integer update in the reverse sweep (<c>idx - 1</c> for <c>idx++</c>), or null.</summary>
    public Expr? Inverse(Stmt s) => _inverse.TryGetValue(s, out Expr? e) ? e : null;

    /// <summary>Whether reversing <paramref name="s"/> must restore something (a recorded value, saved arrays, an inverse).</summary>
    public bool Restores(Stmt s) => _recorded.ContainsKey(s) || _saves.ContainsKey(s) || _inverse.ContainsKey(s);

    private void Compute()
    {
        var graph = new FlowGraph(M.Body);
        for (bool changed = true; changed;)
        {
            changed = false;
            var reads = new Dictionary<FlowGraph.Node, HashSet<string>>();
            foreach (FlowGraph.Node n in graph.Sites) reads[n] = ReverseReads(n.Stmt!);
            _readAnywhere.Clear();
            foreach (HashSet<string> r in reads.Values) _readAnywhere.UnionWith(r);
            foreach (HashSet<string> r in _replayReads.Values) _readAnywhere.UnionWith(r);
            var readsInside = new Dictionary<Stmt, HashSet<string>>(ReferenceComparer.Instance);
            HashSet<string> ReadsInside(Stmt loop)
            {
                if (readsInside.TryGetValue(loop, out var r)) return r;
                var inside = new HashSet<Stmt>(Ir.Descendants(Ir.Children(loop)), ReferenceComparer.Instance);
                r = new HashSet<string>(graph.Sites.Where(n => inside.Contains(n.Stmt!)).SelectMany(n => reads[n]));
                readsInside[loop] = r;
                return r;
            }
            // A walk looking for readers of an array's old contents stops at a loop that rewrites the whole array
            // and whose own statements' reverses do not read it: everything before that loop saw other contents.
            bool Rewrites(FlowGraph.Node n, string array) =>
                n.ExitOf is For f && Covers(f, array) && !ReadsInside(f).Contains(array);

            foreach (FlowGraph.Node site in graph.Sites)
            {
                if (site.Stmt is CallStmt cs && !_recorded.ContainsKey(cs))
                {
                    foreach (string o in cs.Outputs.Select(CallStmt.ArrayOf))
                    {
                        if (reads[site].Contains(o))
                        {
                            // A callee that reads an in-out output reruns, in its pullback, on the contents before the call.
                            _recorded[cs] = $"snapshot {o}: the call overwrites it and its own reverse reruns on the old contents";
                            changed = true;
                            break;
                        }
                        if (graph.FindBackwards(site, n => ReadsSeenFrom(n, site, reads).Contains(o), n => Rewrites(n, o)) is { } reader)
                        {
                            _recorded[cs] = $"snapshot {o}: the call overwrites it and {Describe(reader.Stmt!)} reads its old contents";
                            changed = true;
                            break;
                        }
                    }
                }
                if (CallOf(site.Stmt!) is Call call && !_isSplit(site.Stmt!))
                {
                    // A callee that edits a passive array in place (an int[] index list) leaves it changed; its own
                    // pullback restores it on exit. The forward sweep saves the entries whenever this call's reverse,
                    // or an earlier statement's, reads the array.
                    for (int i = 0; i < call.Args.Count; i++)
                    {
                        if (!call.Target.Params[i].Written || call.Args[i] is not Ref { Name: var array }) continue;
                        if (_saves.TryGetValue(site.Stmt!, out var saved) && saved.Any(x => x.Array == array)) continue;
                        string? why = reads[site].Contains(array) ? "its own reverse reads it"
                            : graph.FindBackwards(site, n => ReadsSeenFrom(n, site, reads).Contains(array), _ => false) is { } reader ? Describe(reader.Stmt!) + " reads it" : null;
                        if (why is not null)
                        {
                            if (!_saves.ContainsKey(site.Stmt!)) _saves[site.Stmt!] = new List<(string, string)>();
                            _saves[site.Stmt!].Add((array, $"save {array}: the call edits it in place and {why}"));
                            changed = true;
                        }
                    }
                }
                // An array bind (p = q between local arrays) is reversed by restoring the references it replaced.
                if (site.Stmt is not Assign a || _recorded.ContainsKey(a) || _inverse.ContainsKey(a) || Facts.IsArrayBind(a)) continue;
                // A recomputed fill's entries are put back by running the fill again, not from the tape.
                if (_recomputedAssignments.Contains(a)) continue;
                // A passive recurrence in a forward-ordered reverse loop is run again, not recorded (ToBeRecorded.ForwardOrder.cs).
                if (Replayed(a)) continue;
                string? variable = a.Target switch
                {
                    Ref r when Facts.MayOverwrite(r.Name) && !Facts.CountedLoopVariables.Contains(r.Name) => r.Name,
                    Elem el => el.Array,
                    _ => null,
                };
                if (variable is null) continue;
                bool isArray = a.Target is Elem;
                // An array's entries may be read through any name bound to its storage (p = q).
                IReadOnlyCollection<string> names = isArray ? Facts.AliasesOf(variable) : new[] { variable };
                string? reason;
                if (isArray && _passiveArrayParameters.Contains(variable))
                {
                    // Writes to a passive array parameter are all undone by the reverse sweep, so the pullback leaves the
                    // caller's array as it found it (what a recursive caller's reverse sweep relies on).
                    reason = $"record {variable}[…]: a passive array parameter is given back unchanged";
                }
                else if (names.Any(reads[site].Contains))
                {
                    reason = $"record {Name(a)}: its own derivative reads the value it overwrites";
                }
                else
                {
                    FlowGraph.Node? reader = graph.FindBackwards(site,
                        n => names.Any(ReadsSeenFrom(n, site, reads).Contains),
                        n => isArray ? names.All(x => Rewrites(n, x)) : n.Stmt is Assign { Target: Ref kill } && kill.Name == variable);
                    reason = reader is null ? null : $"record {Name(a)}: {Describe(reader.Stmt!)} reads the value it overwrites";
                }
                if (reason is null) continue;
                if (!isArray && InverseOf(a) is Expr inverse)
                {
                    _inverse[a] = inverse;
                }
                else
                {
                    _recorded[a] = reason;
                }
                changed = true;
            }
        }
    }

    private static string Name(Assign a) => a.Target switch
    {
        Ref r => r.Name,
        Elem el => el.Array + "[…]",
        _ => "?",
    };

    /// <summary>A statement named for a comment: which reverse reads the recorded value.</summary>
    private string Describe(Stmt s) => s switch
    {
        Assign a when Replayed(a) => $"recomputing {Name(a)} in the reverse sweep",
        Assign { Value: Call c } a => $"the reverse of the call to {c.Target.Method} (into {Name(a)})",
        Assign a => $"the derivative of the assignment to {Name(a)}",
        CallStmt c => $"the reverse of the call to {c.Call.Target.Method}",
        Return => "the derivative of the return",
        _ => "a later reverse",
    };

    /// <summary>
    /// <c>v = v ± c</c> (or <c>v = c + v</c>) on an integer local with an amount that does not read v and that the reverse
    /// sweep can evaluate: the inverse <c>v ∓ c</c>. Integer arithmetic wraps, so the inverse is exact.
    /// </summary>
    private Expr? InverseOf(Assign a)
    {
        if (a.Target is not Ref { Name: var v, Type: var type } || type.Kind is not (IrTypeKind.Int or IrTypeKind.Long)) return null;
        if (a.Value is not Bin { Op: BinaryOp.Add or BinaryOp.Subtract } b || b.Type != type) return null;
        Expr? amount = b switch
        {
            { A: Ref ra } when ra.Name == v => b.B,
            { Op: BinaryOp.Add, B: Ref rb } when rb.Name == v => b.A,
            _ => null,
        };
        if (amount is null || amount.Type != type || Ir.Reads(amount).Contains(v)) return null;
        if (!Ir.DescendantsAndSelf(amount).All(e => e is Lit or Ref or Bin or Un or Len || e is Elem el && !Facts.IsRealVariable(el.Array))) return null;
        if (Ir.DescendantsAndSelf(amount).Any(e => e is Ref r && Facts.Arrays.Contains(r.Name))) return null;
        var self = new Ref(type, v);
        return b.Op == BinaryOp.Subtract ? new Bin(type, BinaryOp.Add, self, amount) : new Bin(type, BinaryOp.Subtract, self, amount);
    }

    /// <summary>What the reverse of one statement reads: partial-derivative operands, adjoint indices, callee arguments.</summary>
    public HashSet<string> ReverseReads(Stmt stmt)
    {
        if (!_forwardPlanOf.TryGetValue(stmt, out ForwardPlan? plan)) return OrderedReverseReads(stmt);
        // In a forward-ordered reverse loop the recurrence's variables are recomputed there; what the recurrence reads
        // is read by the loop's reverse.
        HashSet<string> reads = stmt is Assign a && !IsActiveTarget(a) ? new HashSet<string>(Ir.Reads(a.Value)) : OrderedReverseReads(stmt);
        reads.ExceptWith(plan.Variables.Select(v => v.Name));
        return reads;
    }

    private HashSet<string> OrderedReverseReads(Stmt stmt)
    {
        var reads = new HashSet<string>();
        switch (stmt)
        {
            case Assign a when Facts.IsArrayBind(a):
                // Its reverse only restores the references it replaced.
                break;
            case Assign a:
                if (IsActiveTarget(a))
                {
                    if (a.Value is Call call)
                    {
                        foreach (Expr arg in call.Args) reads.UnionWith(Ir.Reads(arg));
                    }
                    else
                    {
                        TermReads(Linearize.Terms(a.Value, Act, _c.Policy, _c.KnownOutput(a)), reads);
                    }
                }
                if ((IsActiveTarget(a) || _recorded.ContainsKey(a)) && a.Target is Elem te) reads.UnionWith(Ir.Children(te).SelectMany(Ir.Reads));
                // An inverse reads the variable's value after the update (and the amount's variables): a later write that
                // destroys that value (idx = 0 starting the next round) must record it.
                if (_inverse.TryGetValue(a, out Expr? inverse)) reads.UnionWith(Ir.Reads(inverse));
                break;
            case Return r:
                TermReads(Linearize.Terms(r.Value, Act, _c.Policy), reads);
                break;
            case CallStmt c when OutputsActive(c):
                // The callee's pullback reruns it on every argument but the outputs (it writes scratch instead).
                // An in-out output's contents are read too (the callee reads them before writing).
                var outputs = new HashSet<Expr>(c.Outputs.Except(c.EntryReadOutputs));
                foreach (Expr arg in c.Call.Args.Where(a => !outputs.Contains(a))) reads.UnionWith(Ir.Reads(arg));
                break;
        }
        return reads;
    }

    private static void TermReads(List<Term> terms, HashSet<string> reads)
    {
        foreach (Term t in terms)
        {
            reads.UnionWith(Ir.Reads(t.Coefficient));
            if (t.Guard is not null) reads.UnionWith(Ir.Reads(t.Guard));
            if (t.Leaf is Elem el) reads.UnionWith(Ir.Children(el).SelectMany(Ir.Reads));
        }
    }

    private bool IsActiveTarget(Assign a) => Act.IsActive(a.Target is Elem el ? el.Array : ((Ref)a.Target).Name);

    private bool OutputsActive(CallStmt c) => c.Outputs.Any(o => Act.IsActive(CallStmt.ArrayOf(o)));

    private static Call? CallOf(Stmt s) => s switch
    {
        CallStmt c => c.Call,
        Assign { Value: Call c } => c,
        _ => null,
    };

    /// <summary>
    /// Whether every iteration of <paramref name="f"/> writes <c>array[f.Var]</c> and the loop runs over exactly the
    /// array's indices: <c>for (v = 0; v &lt; n; v++) { … array[v] = …; … }</c> with n = <c>array.Length</c>, or the length
    /// a local array was allocated with (<c>new T[n]</c>, n never reassigned).
    /// </summary>
    private bool Covers(For f, string array)
    {
        if (f.Start is not Lit { Value: 0 } || f.Step != 1 || f.Cond is not Bin { Op: BinaryOp.LessThan, A: Ref { Name: var v }, B: var bound } || v != f.Var) return false;
        // One index only: a loop over the first index of a rectangular array does not write all of it.
        if (!f.Body.Any(s => s is Assign { Target: Elem { Array: var a, Index: Ref { Name: var i } } el } && a == array && i == f.Var && Ir.Children(el).Count == 1)) return false;
        if (bound is Len { Array: var l } && l == array) return true;
        var allocations = Ir.Descendants(M.Body).OfType<NewArray>().Where(n => n.Name == array).ToList();
        return allocations.Count == 1 && M.Body.Contains(allocations[0]) && allocations[0].Length.Equals(bound) && Passive(bound);
    }

    /// <summary>An integer expression whose value cannot change after it is first evaluated: it reads only variables assigned once, outside loops.</summary>
    private bool Passive(Expr e) =>
        !Ir.Contains<Call>(e) && !Ir.Contains<PassiveCall>(e) &&
        Ir.Reads(e).All(n => !Facts.MayOverwrite(n) && !Facts.Arrays.Contains(n) && !Facts.CountedLoopVariables.Contains(n));

    private void EnclosingLoops(IEnumerable<Stmt> stmts, HashSet<string> outer)
    {
        foreach (Stmt s in stmts)
        {
            if (s is For f)
            {
                _enclosing[f] = outer;
                EnclosingLoops(f.Body, new HashSet<string>(outer) { f.Var });
            }
            else
            {
                EnclosingLoops(Ir.Children(s), outer);
            }
        }
    }

    /// <summary>
    /// The trip count of a counted loop as an expression the reverse sweep can evaluate, or null. It exists when the loop
    /// steps by ±1 from a start the reverse sweep can evaluate (<see cref="RecomputableStart"/>) to a bound read only from
    /// variables that are never reassigned or that belong to counted loops, e.g. <c>for (i = 0; i &lt; n; i++)</c>, or
    /// <c>for (j = i + 1; j &lt; d; j++)</c> inside a loop over i.
    /// </summary>
    public Expr? InvariantTripCount(For f)
    {
        if (!RecomputableStart(f) || f.Cond is not Bin { A: Ref { Name: var v } } cond || v != f.Var || cond.B.Type.Kind != IrTypeKind.Int) return null;
        bool invariant = Ir.Reads(cond.B).All(n =>
            n != f.Var && (Facts.CountedLoopVariables.Contains(n) || (!Facts.MayOverwrite(n) && !Facts.Arrays.Contains(n))) ||
            Facts.Arrays.Contains(n) && cond.B is Len);
        if (!invariant || Ir.Contains<Call>(cond.B) || Ir.Contains<PassiveCall>(cond.B)) return null;
        Expr? span = (cond.Op, f.Step) switch
        {
            (BinaryOp.LessThan, 1) => E.Sub(cond.B, f.Start),
            (BinaryOp.LessThanOrEqual, 1) => E.Add(E.Sub(cond.B, f.Start), new Lit(IrType.Int, 1)),
            (BinaryOp.GreaterThan, -1) => E.Sub(f.Start, cond.B),
            (BinaryOp.GreaterThanOrEqual, -1) => E.Add(E.Sub(f.Start, cond.B), new Lit(IrType.Int, 1)),
            _ => null,
        };
        return span is null ? null : new PassiveCall(IrType.Int, "global::System.Math.Max", EquatableArray.Of<Expr>(new Lit(IrType.Int, 0), span));
    }

    /// <summary>
    /// Whether the reverse sweep can evaluate the loop's start itself instead of recording it: a constant, or an
    /// integer expression of enclosing counted loops' variables (which the reverse sweep sets) and variables assigned
    /// once outside loops (<c>j = i + 1</c>).
    /// </summary>
    public bool RecomputableStart(For f) =>
        f.Start is Lit ||
        f.Start.Type.Kind == IrTypeKind.Int && !Ir.Contains<Call>(f.Start) && !Ir.Contains<PassiveCall>(f.Start) &&
        !Ir.DescendantsAndSelf(f.Start).Any(e => e is Elem or DataRead or Opaque) &&
        Ir.Reads(f.Start).All(n => n != f.Var && (_enclosing.TryGetValue(f, out var outer) && outer.Contains(n) ||
            !Facts.MayOverwrite(n) && !Facts.Arrays.Contains(n) && !Facts.CountedLoopVariables.Contains(n)));
}
