using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Split mode for self-recursive calls. In joint mode a call's reverse runs the callee's pullback, which reruns the
/// callee's forward sweep; under recursion each level reruns everything below it, so the gradient costs O(depth) times
/// the primal. In split mode the method also gets <c>{Method}ForwardSweep_{hash}</c> (the forward sweep: the primal recording on
/// the caller's tapes, then its final state) and <c>{Method}ReverseSweep_{hash}</c> (pops that state, then the reverse sweep),
/// and its recursive calls use them: each level runs its primal once, and the tapes, shared and last in first out,
/// carry each call's records from its forward sweep to its reverse sweep.
/// </summary>
/// <remarks>
/// Only self-recursion (the caller knows its own shape) and only methods whose every record fits three tapes (the real
/// type, int, bool): scalar values, no local arrays, no vector outputs, no inputs edited in place. A passive array the
/// call edits (det's row and column lists) needs no save around a split call: the callee's reverse sweep undoes its own
/// edits, and every later edit of a passive array parameter is undone before it (see <see cref="Analyses.ToBeRecorded"/>).
/// When an emission records anything else the generator falls back to joint mode (<see cref="PullbackEmitter.SplitHolds"/>).
/// </remarks>
/// <param name="Forward">The forward sweep's method name.</param>
/// <param name="Reverse">The reverse sweep's method name.</param>
internal sealed record SplitSweeps(string Forward, string Reverse)
{
    /// <summary>The sweeps of <paramref name="m"/> named after <paramref name="name"/> (the dual pullback passes its own), or null when split mode does not apply.</summary>
    /// <remarks>
    /// The sweeps are private helpers, not API, so they are named as the other private generated members are (nested-AD
    /// adapters, aggregate cores): with a hash of the method's key appended, so a user's member called
    /// <c>{Method}ForwardSweep</c> neither clashes with them nor is called in their place, and overloads get their own.
    /// </remarks>
    public static SplitSweeps? For(MethodModel m, string name) => Applies(m) ? Named(m.Key, name) : null;

    /// <summary>The sweeps' names for the method with key <paramref name="key"/>, named after <paramref name="name"/>: what its callers call.</summary>
    public static SplitSweeps Named(string key, string name)
    {
        string suffix = "_" + StableHash.Of(key + "|" + name);
        return new SplitSweeps(name + "ForwardSweep" + suffix, name + "ReverseSweep" + suffix);
    }

    /// <summary>Whether <paramref name="m"/>'s first-order pullback is emitted split, so it has sweeps other methods may call.</summary>
    /// <remarks>It runs in the generator's pipeline, outside the emission's guard, and the generator never throws: an
    /// emission that fails here fails again when the method is emitted (and is reported there), so it counts as joint.</remarks>
    public static bool Holds(MethodModel m)
    {
        try
        {
            return Applies(m) && EmitBody(m, For(m, m.Name)).Pullback.SplitHolds;
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="m"/> calls itself and has a shape the split sweeps support.</summary>
    public static bool Applies(MethodModel m)
    {
        if (m.Key.Length == 0 || m.TypeParameters.Length > 0 || m.Surface.Count > 0 || m.Nested.Count > 0 || m.ReturnType != m.RealType) return false;
        if (m.Params.Any(p => p.InOut || p.Edited || p.IsNested || p.LengthCheck is not null ||
            p.Kind is not (ParamKind.Real or ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.Passive or ParamKind.PassiveArray))) return false;
        if (m.Locals.Any(l => l.IsArray || !StateType(m, l.TypeText))) return false;
        if (Ir.Descendants(m.Body).Any(s => s is NewArray or CallStmt)) return false;
        // Every self-call is a whole right-hand side (x = F(…)): that is where the forward sweep calls the split form.
        int selfCalls = Ir.AllExpressions(m.Body).Count(e => e is Call c && c.Target.Callee == m.Key);
        int assigned = Ir.Descendants(m.Body).Count(s => s is Assign { Value: Call c } && c.Target.Callee == m.Key);
        return selfCalls > 0 && selfCalls == assigned;
    }

    /// <summary>The types the shared tapes carry: the real type, int and bool.</summary>
    public static bool StateType(MethodModel m, string type) => type == m.RealType || IrType.Of(type).Kind is IrTypeKind.Int or IrTypeKind.Bool;

    /// <summary>
    /// The pullback's body for <paramref name="m"/>: split when <paramref name="split"/> is given and the emission holds,
    /// joint otherwise. Returns the context and emitter used, whose sweeps the caller then emits when split held.
    /// </summary>
    /// <param name="m">The method.</param>
    /// <param name="split">Its sweeps' names, or null for joint mode.</param>
    /// <param name="splitCallees">Keys of the callees in the method's type whose pullbacks are split: calls of them use
    /// their sweeps too (<see cref="PullbackEmitter"/>), so the reverse does not rerun them.</param>
    public static (DerivativeContext Context, PullbackEmitter Pullback, CodeWriter Body) EmitBody(MethodModel m, SplitSweeps? split,
        IReadOnlyCollection<string>? splitCallees = null)
    {
        if (split is not null)
        {
            var context = new DerivativeContext(m);
            var pullback = new PullbackEmitter(context, split, splitCallees);
            var body = new CodeWriter(context.Printer);
            pullback.EmitBody(body);
            if (pullback.SplitHolds) return (context, pullback, body);
        }
        var jointContext = new DerivativeContext(m);
        var joint = new PullbackEmitter(jointContext, null, splitCallees);
        var jointBody = new CodeWriter(jointContext.Printer);
        joint.EmitBody(jointBody);
        return (jointContext, joint, jointBody);
    }
}
