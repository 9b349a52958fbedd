using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>
/// The one child enumerator and structural rewriter of the IR. Every traversal that does not give a node kind a
/// meaning of its own goes through here, so a new node kind is added in exactly two places (<see cref="Children(Expr)"/>
/// and <see cref="WithChildren(Expr, IReadOnlyList{Expr})"/>, or their statement forms) and no walk silently skips it.
/// </summary>
/// <remarks>
/// Statements have two kinds of children: the expressions they hold (<see cref="Operands"/>, in evaluation order,
/// an assignment's target last) and the statement lists nested in them (<see cref="Children(Stmt)"/>).
/// </remarks>
internal static class Ir
{
    // ---------------------------------------------------------------- expressions

    /// <summary>The direct subexpressions of <paramref name="e"/>, in evaluation order.</summary>
    public static IReadOnlyList<Expr> Children(Expr e) => e switch
    {
        Lit or Ref or Opaque => Array.Empty<Expr>(),
        Elem el => el.Inner.Count == 0 ? new[] { el.Index } : new[] { el.Index }.Concat(el.Inner).ToArray(),
        Len l => new[] { l.Dimension, l.Row }.OfType<Expr>().ToArray(),
        Slice sl => new[] { sl.Start, sl.Length },
        Un u => new[] { u.A },
        Bin b => new[] { b.A, b.B },
        Prim p => p.Args.ToArray(),
        Cond c => new[] { c.C, c.A, c.B },
        Conv c => new[] { c.A },
        Call c => c.Args.ToArray(),
        PassiveCall c => c.Args.ToArray(),
        DataRead d => d.Args.ToArray(),
        _ => throw new InvalidOperationException("Ir.Children: unknown expression " + e.GetType().Name),
    };

    /// <summary><paramref name="e"/> with its direct subexpressions replaced (same order as <see cref="Children(Expr)"/>).</summary>
    public static Expr WithChildren(Expr e, IReadOnlyList<Expr> children)
    {
        if (children.Count == 0) return e;
        return e switch
        {
            Elem el => el with { Index = children[0], Inner = el.Inner.Count == 0 ? el.Inner : children.Skip(1).ToEquatable() },
            Len l => l with { Dimension = l.Dimension is null ? null : children[0], Row = l.Row is null ? null : children[l.Dimension is null ? 0 : 1] },
            Slice sl => sl with { Start = children[0], Length = children[1] },
            Un u => u with { A = children[0] },
            Bin b => b with { A = children[0], B = children[1] },
            Prim p => p with { Args = children.ToEquatable() },
            Cond c => c with { C = children[0], A = children[1], B = children[2] },
            Conv c => c with { A = children[0] },
            Call c => c with { Args = children.ToEquatable() },
            PassiveCall c => c with { Args = children.ToEquatable() },
            DataRead d => d with { Args = children.ToEquatable() },
            _ => throw new InvalidOperationException("Ir.WithChildren: unknown expression " + e.GetType().Name),
        };
    }

    /// <summary><paramref name="e"/> with <paramref name="f"/> applied to each direct subexpression.</summary>
    public static Expr MapChildren(Expr e, Func<Expr, Expr> f)
    {
        IReadOnlyList<Expr> children = Children(e);
        if (children.Count == 0) return e;
        var mapped = new Expr[children.Count];
        bool changed = false;
        for (int i = 0; i < children.Count; i++)
        {
            mapped[i] = f(children[i]);
            changed |= !ReferenceEquals(mapped[i], children[i]);
        }
        return changed ? WithChildren(e, mapped) : e;
    }

    /// <summary><paramref name="e"/> and all its subexpressions, parents before children.</summary>
    public static IEnumerable<Expr> DescendantsAndSelf(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            Expr n = stack.Pop();
            yield return n;
            IReadOnlyList<Expr> children = Children(n);
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>The variables (scalars and arrays) an expression reads.</summary>
    public static IEnumerable<string> Reads(Expr e) =>
        DescendantsAndSelf(e).Select(n => n switch { Ref r => r.Name, Elem el => el.Array, Slice sl => sl.Array, Len l => l.Array, _ => null }).OfType<string>();

    /// <summary>Whether <paramref name="e"/> or a subexpression is a <typeparamref name="TNode"/>.</summary>
    public static bool Contains<TNode>(Expr e) where TNode : Expr => DescendantsAndSelf(e).Any(n => n is TNode);

    /// <summary>
    /// Bottom-up rewrite: children first, then <paramref name="f"/> on the rebuilt node. Where <paramref name="descend"/>
    /// says no, the node's children are left as they are (f still sees the node).
    /// </summary>
    public static Expr Rewrite(Expr e, Func<Expr, Expr> f, Func<Expr, bool>? descend = null) =>
        f(descend is null || descend(e) ? MapChildren(e, c => Rewrite(c, f, descend)) : e);

    /// <summary>
    /// Top-down replacement: where <paramref name="f"/> returns a node it replaces the subtree (not visited further);
    /// where it returns null the walk continues into the children.
    /// </summary>
    public static Expr Replace(Expr e, Func<Expr, Expr?> f) => f(e) ?? MapChildren(e, c => Replace(c, f));

    // ---------------------------------------------------------------- statements

    /// <summary>The expressions a statement holds directly, in evaluation order (an assignment's target last).</summary>
    public static IReadOnlyList<Expr> Operands(Stmt s) => s switch
    {
        Assign a => new[] { a.Value, a.Target },
        NewArray na => new[] { na.Length }.Concat(na.More).Concat(na.Row is null ? Array.Empty<Expr>() : new[] { na.Row }).ToArray(),
        If i => new[] { i.Cond },
        For f => new[] { f.Start, f.Cond },
        While w => new[] { w.Cond },
        Return r => new[] { r.Value },
        Jump j => j.Value is null ? Array.Empty<Expr>() : new[] { j.Value },
        CallStmt c => new Expr[] { c.Call },
        ThrowStmt or EffectStmt => Array.Empty<Expr>(),
        _ => throw new InvalidOperationException("Ir.Operands: unknown statement " + s.GetType().Name),
    };

    /// <summary>The statements nested directly in <paramref name="s"/> (branches, loop bodies, loop increments), in program order.</summary>
    public static IEnumerable<Stmt> Children(Stmt s) => s switch
    {
        If i => i.Then.Concat(i.Else),
        For f => f.Body,
        While w => w.Body.Concat(w.Increment),
        Assign or NewArray or Return or Jump or CallStmt or ThrowStmt or EffectStmt => Enumerable.Empty<Stmt>(),
        _ => throw new InvalidOperationException("Ir.Children: unknown statement " + s.GetType().Name),
    };

    /// <summary>Every statement of <paramref name="stmts"/>, nested ones included, parents first, in program order.</summary>
    public static IEnumerable<Stmt> Descendants(IEnumerable<Stmt> stmts)
    {
        foreach (Stmt s in stmts)
        {
            yield return s;
            foreach (Stmt inner in Descendants(Children(s))) yield return inner;
        }
    }

    /// <summary>Every expression held by a statement of <paramref name="stmts"/> (nested statements included), with its subexpressions.</summary>
    public static IEnumerable<Expr> AllExpressions(IEnumerable<Stmt> stmts) =>
        Descendants(stmts).SelectMany(Operands).SelectMany(DescendantsAndSelf);

    /// <summary>
    /// Rebuilds a statement from new operands (same order as <see cref="Operands"/>) and a function applied to each
    /// nested statement list.
    /// </summary>
    public static Stmt With(Stmt s, IReadOnlyList<Expr> operands, Func<EquatableArray<Stmt>, EquatableArray<Stmt>> body) => s switch
    {
        Assign a => a with { Value = operands[0], Target = operands[1] },
        NewArray na => na with
        {
            Length = operands[0],
            More = na.More.Count == 0 ? na.More : operands.Skip(1).Take(na.More.Count).ToEquatable(),
            Row = na.Row is null ? null : operands[1 + na.More.Count],
        },
        If i => i with { Cond = operands[0], Then = body(i.Then), Else = body(i.Else) },
        For f => f with { Start = operands[0], Cond = operands[1], Body = body(f.Body) },
        While w => w with { Cond = operands[0], Body = body(w.Body), Increment = body(w.Increment) },
        Return r => r with { Value = operands[0] },
        Jump j => j.Value is null ? j : j with { Value = operands[0] },
        CallStmt c => c with { Call = (Call)operands[0] },
        ThrowStmt or EffectStmt => s,
        _ => throw new InvalidOperationException("Ir.With: unknown statement " + s.GetType().Name),
    };

    /// <summary>Applies the bottom-up <see cref="Rewrite(Expr, Func{Expr, Expr}, Func{Expr, bool})"/> to every expression of every statement.</summary>
    public static EquatableArray<Stmt> Rewrite(EquatableArray<Stmt> stmts, Func<Expr, Expr> f, Func<Expr, bool>? descend = null) =>
        stmts.Select(s => Rewrite(s, f, descend)).ToEquatable();

    /// <summary>The statement form of <see cref="Rewrite(Expr, Func{Expr, Expr}, Func{Expr, bool})"/>, nested statements included.</summary>
    public static Stmt Rewrite(Stmt s, Func<Expr, Expr> f, Func<Expr, bool>? descend = null) =>
        With(s, Operands(s).Select(e => Rewrite(e, f, descend)).ToArray(), b => Rewrite(b, f, descend));
}
