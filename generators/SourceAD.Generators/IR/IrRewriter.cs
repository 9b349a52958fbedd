using System;
using System.Linq;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>Structural rewrites of IR trees.</summary>
internal static class IrRewriter
{
    public static EquatableArray<Stmt> MapCalls(EquatableArray<Stmt> stmts, Func<Call, Call> f) => stmts.Select(s => Map(s, f)).ToEquatable();

    /// <summary>Rewrites the right-hand sides and returned values of assignments (bottom-up is not needed by callers).</summary>
    public static EquatableArray<Stmt> MapExprs(EquatableArray<Stmt> stmts, Func<Expr, Expr> f) => stmts.Select(s => MapTop(s, f)).ToEquatable();

    private static Stmt MapTop(Stmt s, Func<Expr, Expr> f) => s switch
    {
        Assign a => a with { Value = f(a.Value) },
        If i => i with { Then = MapExprs(i.Then, f), Else = MapExprs(i.Else, f) },
        For l => l with { Body = MapExprs(l.Body, f) },
        While w => w with { Body = MapExprs(w.Body, f), Increment = MapExprs(w.Increment, f) },
        Return r => r with { Value = f(r.Value) },
        _ => s,
    };

    private static Stmt Map(Stmt s, Func<Call, Call> f) => s switch
    {
        Assign a => a with { Value = Map(a.Value, f) },
        If i => i with { Then = MapCalls(i.Then, f), Else = MapCalls(i.Else, f) },
        For l => l with { Body = MapCalls(l.Body, f) },
        While w => w with { Body = MapCalls(w.Body, f), Increment = MapCalls(w.Increment, f) },
        Return r => r with { Value = Map(r.Value, f) },
        _ => s,
    };

    private static Expr Map(Expr e, Func<Call, Call> f) => e switch
    {
        Call c => f(c with { Args = c.Args.Select(a => Map(a, f)).ToEquatable() }),
        Bin b => b with { A = Map(b.A, f), B = Map(b.B, f) },
        Un u => u with { A = Map(u.A, f) },
        Conv c => c with { A = Map(c.A, f) },
        Prim p => p with { Args = p.Args.Select(a => Map(a, f)).ToEquatable() },
        _ => e,
    };
}
