using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>A statement of the lowered, structured program (no goto; break/continue/return removed by Structurize).</summary>
internal abstract record Stmt;

/// <summary><c>Target = Value</c>; Target is a <see cref="Ref"/> or <see cref="Elem"/>. Compound assignments are expanded.</summary>
internal sealed record Assign(Expr Target, Expr Value) : Stmt;

/// <summary>
/// <c>Name = new ElementType[Length]</c> (a local array). A rectangular array has its further lengths in
/// <paramref name="More"/> (<c>new T[n, m]</c>); <paramref name="Jagged"/> allocates the rows' holder
/// (<c>new T[n][]</c>); <paramref name="Row"/> allocates one row of a jagged array (<c>Name[Row] = new T[Length]</c>).
/// Inside a loop each run allocates a fresh array, so earlier iterations' arrays keep their contents for the reverse sweep.
/// </summary>
internal sealed record NewArray(string Name, string ElementType, Expr Length, EquatableArray<Expr> More = default, Expr? Row = null, bool Jagged = false) : Stmt;

/// <summary>if/else.</summary>
internal sealed record If(Expr Cond, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else) : Stmt;

/// <summary>
/// A counted loop <c>for (Var = Start; Cond; Var += Step)</c> whose variable only the increment changes and whose body
/// cannot exit early. Its reverse replays the iterations backwards from the recorded start and trip count.
/// </summary>
internal sealed record For(string Var, Expr Start, Expr Cond, int Step, EquatableArray<Stmt> Body) : Stmt
{
    /// <summary>The loop's increment as C# writes it (<c>i++</c>, <c>i--</c>, <c>i += 2</c>).</summary>
    public string StepText => Step == 1 ? $"{Var}++" : Step == -1 ? $"{Var}--" : $"{Var} += {Step}";
}

/// <summary>
/// while / do-while / general for, with a data-dependent trip count (recorded for the reverse sweep).
/// <see cref="Increment"/> runs at the bottom of each iteration and is not skipped by <c>continue</c>.
/// </summary>
internal sealed record While(Expr Cond, EquatableArray<Stmt> Body, EquatableArray<Stmt> Increment, bool ConditionAtBottom) : Stmt;

/// <summary>A <c>throw</c> statement, kept verbatim in forward sweeps (the reverse sweep never reaches it).</summary>
internal sealed record ThrowStmt(string Text) : Stmt;

/// <summary>
/// A call with no derivative whose only effect is outside the method (<c>Console.WriteLine($"x = {x}")</c>, a log), kept
/// verbatim where forward sweeps run it; the reverse sweep has nothing to undo or differentiate.
/// </summary>
internal sealed record EffectStmt(string Text) : Stmt;

/// <summary>The single final return (Structurize turns early returns into flags).</summary>
internal sealed record Return(Expr Value) : Stmt;

/// <summary>Early exits, present only between Lowering and Structurize.</summary>
internal sealed record Jump(JumpKind Kind, Expr? Value) : Stmt;

internal enum JumpKind { Break, Continue, Return }

/// <summary>
/// A call statement to a void differentiable method writing span or array outputs. Its array arguments are
/// <see cref="Ref"/>s naming whole arrays or spans, or <see cref="Slice"/>s of them.
/// </summary>
internal sealed record CallStmt(Call Call) : Stmt
{
    /// <summary>The arguments passed to the callee's outputs (the arrays the call writes).</summary>
    public IEnumerable<Expr> Outputs => Call.Args.Where((_, i) => Call.Target.Params[i].Kind == ParamKind.RealSpanOutput);

    /// <summary>The arguments passed to outputs whose earlier contents the callee reads before it writes them.</summary>
    public IEnumerable<Expr> EntryReadOutputs => Call.Args.Where((_, i) => Call.Target.Params[i] is { Kind: ParamKind.RealSpanOutput, ReadsEntry: true });

    /// <summary>
    /// The arguments passed to in-out outputs (<see cref="Model.Param.InOut"/>): their contents before the call are an
    /// input of the call (read, or kept where the callee does not write).
    /// </summary>
    public IEnumerable<Expr> InOutOutputs => Call.Args.Where((_, i) => Call.Target.Params[i] is { Kind: ParamKind.RealSpanOutput, InOut: true });

    /// <summary>The arguments passed to the callee's differentiable inputs.</summary>
    public IEnumerable<Expr> Inputs => Call.Args.Where((_, i) => Call.Target.Params[i] is { Differentiable: true, Kind: not ParamKind.RealSpanOutput });

    /// <summary>
    /// Each output slice with each input slice of the same array (<c>mat_mult(a.Slice(0, 16), r, a.Slice(16, 16))</c>):
    /// the lowering admits them only as slices, and derivative code checks on each call that they do not overlap.
    /// </summary>
    public IEnumerable<(int Output, int Input)> SharedArrayPairs =>
        from o in Enumerable.Range(0, Call.Args.Count)
        where Call.Target.Params[o].Kind == ParamKind.RealSpanOutput && Call.Args[o] is Slice
        from i in Enumerable.Range(0, Call.Args.Count)
        where i != o && Call.Args[i] is Slice && CallStmt.ArrayOf(Call.Args[i]) == CallStmt.ArrayOf(Call.Args[o])
        select (o, i);

    /// <summary>The variable an array argument names or views.</summary>
    public static string ArrayOf(Expr arg) => arg is Slice s ? s.Array : ((Ref)arg).Name;
}
