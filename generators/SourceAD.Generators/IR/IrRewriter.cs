using System;
using System.Linq;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>Structural rewrites of IR trees.</summary>
internal static class IrRewriter
{
    public static EquatableArray<Stmt> MapCalls(EquatableArray<Stmt> stmts, Func<Call, Call> f) => stmts.Select(s => Map(s, f)).ToEquatable();

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
