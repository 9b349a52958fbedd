using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Range snapshots (issue 13): a loop that overwrites a range of an array entry by entry records that range in one
/// block before it runs, and the reverse sweep puts the block back after the loop's reverse, instead of pushing and
/// popping each entry. GradBench's ode rewrites its stage buffer <c>y_tmp[i] = yf[i] + h·k[i]/2</c> three times a step
/// and updates <c>yf[i] += …</c> once: entry-by-entry recording moved 4n values a step through <c>Tape.Push</c> and
/// <c>Pop</c>, each a bounds check and a store to the tape's count; one block is a copy.
/// </summary>
/// <remarks>
/// A loop <c>for (v = s; v &lt; e; v++) a[v] = x;</c> qualifies when:
/// <list type="bullet">
/// <item>its one statement's old value is recorded (some reverse reads what it overwrites);</item>
/// <item>the reverse of that statement does not read <c>a</c> (<see cref="ReverseReads"/>): the per-entry restore ran
/// before it, the block restore runs after every iteration's reverse, so the two differ only in what those reverses
/// would see of <c>a</c>. The update <c>yf[i] = yf[i] + c</c> qualifies (its partials are constants); <c>a[i] = a[i]·c</c>
/// does not;</item>
/// <item>the reverse sweep evaluates the loop's start and trip count (<see cref="InvariantTripCount"/>), so the block
/// is exactly the entries the loop wrote: <c>a[s .. s + trips)</c>;</item>
/// <item><c>a</c> is a flat local array or an array or span parameter, and <c>x</c> calls nothing (a callee's pullback
/// would push onto the same tape inside the loop; the order would still be LIFO, but its reverse could read <c>a</c>).</item>
/// </list>
/// Only where the reverse sweep is in the same method (not split sweeps), like recomputed fills, and not for a
/// [Checkpoint] loop itself (a loop inside a checkpointed step is recorded and restored within the step).
/// </remarks>
internal sealed partial class ToBeRecorded
{
    private readonly Dictionary<For, (string Array, string Why)> _rangeSnapshots = new(ReferenceComparer.Instance);

    /// <summary>The array range <paramref name="loop"/> overwrites and records as one block, with why; null when it records entry by entry or nothing.</summary>
    public (string Array, string Why)? RangeSnapshot(For loop) =>
        _rangeSnapshots.TryGetValue(loop, out var snapshot) ? snapshot : null;

    private void FindRangeSnapshots()
    {
        foreach (For f in Ir.Descendants(M.Body).OfType<For>())
        {
            if (f.Step != 1 || f.Body.Count != 1 || _forwardPlans.ContainsKey(f)) continue;
            // A [Checkpoint] loop is replayed from snapshots of what it writes, not reversed from the tape.
            if (M.Checkpoints.Any(c => c.LoopVariable == f.Var)) continue;
            if (f.Body[0] is not Assign { Target: Elem { Inner.Count: 0, Jagged: false, Index: Ref { Name: var v } } target } a || v != f.Var) continue;
            if (!_recorded.TryGetValue(a, out string? why) || Facts.IsArrayBind(a) || _forwardPlanOf.ContainsKey(a)) continue;
            if (InvariantTripCount(f) is null || !Flat(target.Array)) continue;
            if (Ir.DescendantsAndSelf(a.Value).Any(e => e is Call or PassiveCall or DataRead or Opaque)) continue;
            if (Facts.AliasesOf(target.Array).Any(ReverseReads(a).Contains)) continue;
            _rangeSnapshots[f] = (target.Array, why);
            _recorded.Remove(a);
        }
    }

    /// <summary>A flat local array, or an array or span parameter: one contiguous run of entries a span can view.</summary>
    private bool Flat(string array) =>
        M.Locals.Any(l => l.Name == array && l.IsArray && l.Layout == ArrayLayout.Flat) ||
        M.Params.Any(p => p.Name == array && p.Kind is ParamKind.RealArray or ParamKind.RealSpanOutput or ParamKind.PassiveArray && !p.IsNested && !p.Edited);
}
