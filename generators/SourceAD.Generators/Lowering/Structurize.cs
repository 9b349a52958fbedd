using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Removes break, continue and early return by guard flags (the classic structuring used by Tapenade-style AD):
/// after a statement that may exit, the rest of its block runs under <c>if (!exit)</c>, and loops test the flags.
/// The transforms then see only structured control flow, whose reversal needs just branch outcomes and trip counts.
/// </summary>
internal sealed class Structurize
{
    private readonly MethodLowering _lowering;
    private readonly string _realType;
    private string? _result;
    private string? _returned;

    private sealed record LoopContext(string? Break, string? Continue);

    private Structurize(MethodLowering lowering, string realType)
    {
        _lowering = lowering;
        _realType = realType;
    }

    public static List<Stmt> Run(List<Stmt> body, bool returnsVoid, string realType, MethodLowering lowering)
    {
        var s = new Structurize(lowering, realType);
        bool simple = !HasEarlyReturn(body);
        var output = new List<Stmt>();
        if (simple)
        {
            foreach (Stmt stmt in body)
            {
                if (stmt is Jump { Kind: JumpKind.Return } j)
                {
                    if (j.Value is not null) output.Add(new Return(j.Value));
                }
                else
                {
                    output.AddRange(s.Statement(stmt, null));
                }
            }
            return output;
        }
        s._returned = lowering.NewTemp("returned", "bool");
        output.Add(new Assign(new Ref("bool", s._returned), new Lit("bool", 0)));
        if (!returnsVoid)
        {
            s._result = lowering.NewTemp("result", realType);
            output.Add(new Assign(new Ref(realType, s._result), new Lit(realType, 0)));
        }
        output.AddRange(s.Block(body, null));
        if (!returnsVoid) output.Add(new Return(new Ref(realType, s._result!)));
        return output;
    }

    /// <summary>True unless the only return is the last top-level statement.</summary>
    private static bool HasEarlyReturn(List<Stmt> body)
    {
        for (int i = 0; i < body.Count; i++)
        {
            bool last = i == body.Count - 1;
            if (body[i] is Jump { Kind: JumpKind.Return } && !last) return true;
            if (body[i] is not Jump && MethodLowering.ContainsReturn(new[] { body[i] })) return true;
        }
        return false;
    }

    private List<Stmt> Block(IReadOnlyList<Stmt> stmts, LoopContext? loop)
    {
        var result = new List<Stmt>();
        for (int i = 0; i < stmts.Count; i++)
        {
            result.AddRange(Statement(stmts[i], loop));
            if (MayExit(stmts[i], loop) && i + 1 < stmts.Count)
            {
                var rest = Block(stmts.Skip(i + 1).ToList(), loop);
                if (rest.Count > 0) result.Add(new If(new Un("bool", UnaryOp.Not, ExitCondition(loop)), rest.ToEquatable(), EquatableArray<Stmt>.Empty));
                break;
            }
        }
        return result;
    }

    private IEnumerable<Stmt> Statement(Stmt s, LoopContext? loop)
    {
        switch (s)
        {
            case Jump { Kind: JumpKind.Return } j:
                if (j.Value is not null && _result is not null) yield return new Assign(new Ref(_realType, _result), j.Value);
                yield return new Assign(new Ref("bool", _returned!), new Lit("bool", 1));
                break;
            case Jump { Kind: JumpKind.Break }:
                yield return new Assign(new Ref("bool", loop!.Break!), new Lit("bool", 1));
                break;
            case Jump { Kind: JumpKind.Continue }:
                yield return new Assign(new Ref("bool", loop!.Continue!), new Lit("bool", 1));
                break;
            case If i:
                yield return new If(i.Cond, Block(i.Then, loop).ToEquatable(), Block(i.Else, loop).ToEquatable());
                break;
            case For f:
            {
                var ctx = new LoopContext(null, HasOwnJump(f.Body, JumpKind.Continue) ? _lowering.NewTemp("continue", "bool") : null);
                var body = new List<Stmt>();
                if (ctx.Continue is not null) body.Add(new Assign(new Ref("bool", ctx.Continue), new Lit("bool", 0)));
                body.AddRange(Block(f.Body, ctx));
                yield return f with { Body = body.ToEquatable() };
                break;
            }
            case While w:
            {
                var ctx = new LoopContext(
                    HasOwnJump(w.Body, JumpKind.Break) ? _lowering.NewTemp("break", "bool") : null,
                    HasOwnJump(w.Body, JumpKind.Continue) ? _lowering.NewTemp("continue", "bool") : null);
                bool returns = _returned is not null && MethodLowering.ContainsReturn(w.Body);
                Expr cond = w.Cond;
                if (ctx.Break is not null) cond = new Bin("bool", BinaryOp.ConditionalAnd, new Un("bool", UnaryOp.Not, new Ref("bool", ctx.Break)), cond);
                if (returns) cond = new Bin("bool", BinaryOp.ConditionalAnd, new Un("bool", UnaryOp.Not, new Ref("bool", _returned!)), cond);
                if (ctx.Break is not null) yield return new Assign(new Ref("bool", ctx.Break), new Lit("bool", 0));
                var body = new List<Stmt>();
                if (ctx.Continue is not null) body.Add(new Assign(new Ref("bool", ctx.Continue), new Lit("bool", 0)));
                body.AddRange(Block(w.Body, ctx));
                var increment = Block(w.Increment, null);
                Expr? stop = ctx.Break is not null ? new Ref("bool", ctx.Break) : null;
                if (returns) stop = stop is null ? new Ref("bool", _returned!) : new Bin("bool", BinaryOp.ConditionalOr, stop, new Ref("bool", _returned!));
                EquatableArray<Stmt> inc = stop is null || increment.Count == 0
                    ? increment.ToEquatable()
                    : EquatableArray.Of<Stmt>(new If(new Un("bool", UnaryOp.Not, stop), increment.ToEquatable(), EquatableArray<Stmt>.Empty));
                yield return new While(cond, body.ToEquatable(), inc, w.ConditionAtBottom);
                break;
            }
            default:
                yield return s;
                break;
        }
    }

    private Expr ExitCondition(LoopContext? loop)
    {
        var flags = new List<string>();
        if (_returned is not null) flags.Add(_returned);
        if (loop?.Break is not null) flags.Add(loop.Break);
        if (loop?.Continue is not null) flags.Add(loop.Continue);
        Expr e = new Ref("bool", flags[0]);
        foreach (string f in flags.Skip(1)) e = new Bin("bool", BinaryOp.ConditionalOr, e, new Ref("bool", f));
        return e;
    }

    /// <summary>Whether executing <paramref name="s"/> may leave the rest of the current block unexecuted.</summary>
    private bool MayExit(Stmt s, LoopContext? loop) => s switch
    {
        Jump j => j.Kind == JumpKind.Return ? _returned is not null : loop is not null,
        If i => MayExitAny(i.Then, loop) || MayExitAny(i.Else, loop),
        For f => _returned is not null && MethodLowering.ContainsReturn(f.Body),
        While w => _returned is not null && MethodLowering.ContainsReturn(w.Body),
        _ => false,
    };

    private bool MayExitAny(IEnumerable<Stmt> stmts, LoopContext? loop) => stmts.Any(s => MayExit(s, loop));

    /// <summary>A break/continue belonging to this loop (not to a nested one).</summary>
    private static bool HasOwnJump(IEnumerable<Stmt> stmts, JumpKind kind) => stmts.Any(s => s switch
    {
        Jump j => j.Kind == kind,
        For or While => false,
        _ => HasOwnJump(Ir.Children(s), kind),
    });
}
