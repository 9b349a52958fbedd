using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Expressions that need statements: side effects (<c>it++ &lt; 100</c>, <c>x = y = 0</c>), inlined calls, and calls
/// or effects under a short circuit or a <c>?:</c> branch. Lowering an expression may append statements to the
/// current <b>sink</b>, the statement list being built; they run just before the statement that uses the expression.
/// Where C# evaluates an operand only sometimes, its statements go into an if/else, so only the operand taken runs
/// (and is differentiated).
/// </summary>
internal sealed partial class MethodLowering
{
    private List<Stmt> _sink = new();

    /// <summary>Makes <paramref name="output"/> the sink until disposed.</summary>
    private SinkScope Sink(List<Stmt> output)
    {
        var scope = new SinkScope(this, _sink);
        _sink = output;
        return scope;
    }

    private readonly struct SinkScope : IDisposable
    {
        private readonly MethodLowering _owner;
        private readonly List<Stmt> _saved;

        public SinkScope(MethodLowering owner, List<Stmt> saved)
        {
            _owner = owner;
            _saved = saved;
        }

        public void Dispose() => _owner._sink = _saved;
    }

    /// <summary>Lowers <paramref name="op"/> with its statements going to <paramref name="pre"/> instead of the sink.</summary>
    private Expr LowerInto(IOperation op, List<Stmt> pre)
    {
        using var _ = Sink(pre);
        return LowerExpr(op);
    }

    /// <summary>
    /// Lowers operands left to right. When a later operand has statements (an increment, an inlined call), earlier
    /// operands that are not constants are first saved in temporaries, so they keep the value C# gives them.
    /// </summary>
    private List<Expr> LowerOperands(IEnumerable<IOperation> operands)
    {
        var result = new List<Expr>();
        foreach (IOperation op in operands)
        {
            var pre = new List<Stmt>();
            Expr e = LowerInto(op, pre);
            if (pre.Count > 0)
            {
                for (int i = 0; i < result.Count; i++) result[i] = Spill(result[i]);
                _sink.AddRange(pre);
            }
            result.Add(e);
        }
        return result;
    }

    /// <summary>A value as it is now: constants as they are, anything else copied into a fresh temporary.</summary>
    private Expr Spill(Expr e, string hint = "saved")
    {
        if (e is Lit or Opaque) return e;
        string tmp = NewTemp(hint, e.Type.Name);
        _sink.Add(new Assign(new Ref(e.Type, tmp), HoistCalls(e, _sink)));
        return new Ref(e.Type, tmp);
    }

    /// <summary>A value that may be read more than once (a switch's subject): variables as they are, else a temporary.</summary>
    private Expr Once(Expr e) => e is Ref or Lit or Opaque ? e : Spill(e, "subject");

    /// <summary>Conditions of if/while/for: calls are hoisted into the sink before the test.</summary>
    private Expr LowerCondition(IOperation op) => HoistCalls(LowerExpr(op), _sink);

    /// <summary>
    /// A loop condition whose evaluation needs statements: they run before the loop (unless it tests at the bottom) and
    /// again at the end of every iteration, in the loop's increment, which <c>continue</c> does not skip.
    /// </summary>
    private (Expr Cond, List<Stmt> Before, List<Stmt> EachIteration) LowerLoopCondition(IOperation op, bool atBottom)
    {
        var pre = new List<Stmt>();
        Expr c;
        using (Sink(pre)) c = LowerCondition(op);
        if (pre.Count == 0) return (c, pre, pre);
        return (c, atBottom ? new List<Stmt>() : pre, pre.Select(Clone).ToList());
    }

    /// <summary>A deep copy: the emitters key per-statement facts by reference, so a statement placed twice is copied.</summary>
    internal static Stmt Clone(Stmt s) => Ir.With(s, Ir.Operands(s), b => b.Select(Clone).ToEquatable()) is var c && ReferenceEquals(c, s) ? s with { } : c;

    // ---------------------------------------------------------------- operands evaluated only sometimes

    /// <summary><c>c ? a : b</c>: when a branch needs statements (a call, an effect), an if/else that runs only the branch taken.</summary>
    private Expr LowerConditional(IConditionalOperation cond, string type)
    {
        Expr c = LowerExpr(cond.Condition);
        var thenPre = new List<Stmt>();
        var elsePre = new List<Stmt>();
        Expr a = HoistCalls(LowerInto(cond.WhenTrue, thenPre), thenPre);
        Expr b = HoistCalls(LowerInto(cond.WhenFalse!, elsePre), elsePre);
        if (thenPre.Count == 0 && elsePre.Count == 0) return new Cond(type, c, a, b);
        string tmp = NewTemp("choice", type);
        if (!EndsInThrow(thenPre)) thenPre.Add(new Assign(new Ref(type, tmp), E.To(type, a)));
        if (!EndsInThrow(elsePre)) elsePre.Add(new Assign(new Ref(type, tmp), E.To(type, b)));
        _sink.Add(new If(HoistCalls(c, _sink), thenPre.ToEquatable(), elsePre.ToEquatable()));
        return new Ref(type, tmp);
    }

    /// <summary>A branch whose last statement is a throw (<see cref="LowerThrowExpression"/>): nothing may follow it.</summary>
    private static bool EndsInThrow(List<Stmt> branch) => branch.Count > 0 && branch[branch.Count - 1] is ThrowStmt;

    /// <summary><c>a &amp;&amp; b</c>, <c>a || b</c>: when b needs statements, they run only when C# evaluates b.</summary>
    private Expr LowerShortCircuit(IBinaryOperation bin, BinaryOp op)
    {
        Expr a = LowerExpr(bin.LeftOperand);
        var pre = new List<Stmt>();
        Expr b = HoistCalls(LowerInto(bin.RightOperand, pre), pre);
        if (pre.Count == 0) return new Bin("bool", op, a, b);
        string tmp = NewTemp("test", "bool");
        var t = new Ref("bool", tmp);
        _sink.Add(new Assign(t, HoistCalls(a, _sink)));
        pre.Add(new Assign(t, b));
        _sink.Add(new If(op == BinaryOp.ConditionalAnd ? t : new Un("bool", UnaryOp.Not, t), pre.ToEquatable(), EquatableArray<Stmt>.Empty));
        return t;
    }

    // ---------------------------------------------------------------- side effects inside expressions

    /// <summary>
    /// An assignment, compound assignment or ++/-- used as a value: the effect becomes a statement in the sink, and the
    /// expression reads its result (postfix forms a copy of the old value).
    /// </summary>
    private Expr LowerEffectExpression(IOperation op, string type)
    {
        switch (op)
        {
            case IIncrementOrDecrementOperation inc:
            {
                Expr? target = LowerTarget(inc.Target);
                if (target is null) return new Lit(type, 0);
                Expr old = inc.IsPostfix ? Spill(target) : target;
                _sink.Add(new Assign(target, new Bin(target.Type, inc.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract, target, new Lit(target.Type, 1))));
                return old;
            }
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation:
            {
                int before = _sink.Count;
                LowerEffect(op, _sink);
                // The value of an assignment is what its target now holds (LowerOperands saves it if a later operand changes it).
                return _sink.Count > before && _sink[_sink.Count - 1] is Assign a ? a.Target : new Lit(type, 0);
            }
            default:
                Unsupported(op, $"The expression '{Short(op)}'", "write it as its own statement");
                return new Lit(type, 0);
        }
    }
}
