using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Policy;
using static SourceAD.Generators.IR.E;

namespace SourceAD.Generators.Primitives;

/// <summary>
/// The single table of differentiable primitives. The lowering binds C# calls to rows, the transforms read the rows'
/// partials for both modes, the analyzers read kinds and costs, and the table-driven tests iterate it.
/// Adding a primitive means adding a row here, never editing a switch elsewhere.
/// </summary>
/// <remarks>
/// Costs follow thesis Table 2.2: cost(g) and cost(gd) as unit + a·c_nonlin + b·c_ReLU (<see cref="CostTerm"/>). With
/// unit costs, ω_b = (cost(gd) + 2·|pr|)/cost(g) reproduces Table 2.1 (5 for + and ×, 3 for +c and ×c, 3 for exp, 4 for
/// log, 5 for inv, 3 for ReLU). Rows outside Tables 2.1–2.3 carry estimates; the cost analyzer counts what their
/// derivative rules actually print.
/// </remarks>
internal static class PrimitiveTable
{
    private static readonly double[][] Reals = Pts(-2.1, -0.7, 0.3, 1.3, 2.9);
    private static readonly double[][] Positive = Pts(0.05, 0.6, 1.0, 2.5, 7.0);
    private static readonly double[][] Unit = Pts(-0.95, -0.4, 0.0, 0.35, 0.9);
    private static readonly double[][] Pairs = { new[] { 1.3, 0.4 }, new[] { -0.8, 2.1 }, new[] { 2.2, -1.7 }, new[] { -0.3, -0.9 } };
    private static readonly double[][] PositivePairs = { new[] { 0.7, 1.3 }, new[] { 2.2, 0.5 }, new[] { 1.5, 3.0 }, new[] { 0.3, 2.0 } };

    // Table 2.2, columns (+, ×) and (+c, ×c): cost(g) = cost(gd) = 1.
    private static readonly PrimitiveCost Arith = new(CostClass.Arithmetic, new(1, 0, 0), new(1, 0, 0));
    // Table 2.2, columns log and exp: cost(g) = c_nonlin, cost(gd) = gd·c_nonlin (log: 2, its derivative needs inv; exp: 1).
    private static PrimitiveCost Nonlin(double gd) => new(CostClass.Nonlinear, new(0, 1, 0), new(0, gd, 0));
    // Table 2.2, column inv: cost(g) = c_nonlin, cost(gd) = c_nonlin + 2 (−1/a² needs a square and a ×(−1)).
    private static readonly PrimitiveCost Inv = new(CostClass.Nonlinear, new(0, 1, 0), new(2, 1, 0));
    // A sign test alone (ReLU, max, min): cost(g) = cost(gd) = k·c_ReLU; Table 2.1 counts ReLU as 1 under unit costs.
    private static PrimitiveCost Sign(double k) => new(CostClass.SignTest, new(0, 0, k), new(0, 0, k));
    // Table 2.3, case 8 (abs, leaky ReLU): one sign test and one ×(−1) or ×a, cost(g) = cost(gd) = 1 + c_ReLU.
    private static readonly PrimitiveCost SignAndScale = new(CostClass.SignTest, new(1, 0, 1), new(1, 0, 1));

    /// <summary>All rows, by name.</summary>
    public static ImmutableDictionary<string, Primitive> Rows { get; } = Build().ToImmutableDictionary(p => p.Name);

    public static Primitive Get(string name) => Rows[name];

    private static IEnumerable<Primitive> Build()
    {
        // Arithmetic operators (rows so that costs and tests cover them; the lowering maps +,-,*,/ and unary - here).
        yield return new("Add", 2, c => new[] { c.Num(1), c.Num(1) }, NonsmoothKind.None, Arith, Operators.Token(BinaryOp.Add), Pairs);
        yield return new("Sub", 2, c => new[] { c.Num(1), c.Num(-1) }, NonsmoothKind.None, Arith, Operators.Token(BinaryOp.Subtract), Pairs);
        yield return new("Mul", 2, c => new[] { c.Y, c.X }, NonsmoothKind.None, Arith, Operators.Token(BinaryOp.Multiply), Pairs);
        // d(x/y) = (1/y, -out/y): reuses the quotient, as inv's row of Table 2.1 does.
        yield return new("Div", 2, c => new[] { Div(c.Num(1), c.Y), Neg(Div(c.Out, c.Y)) }, NonsmoothKind.None, Inv, Operators.Token(BinaryOp.Divide), Pairs);
        // d(a % b) = (1, −trunc(a/b)), from a % b = a − b·trunc(a/b).
        yield return new("Rem", 2, c => new[] { c.Num(1), Neg(P("Truncate", Div(c.X, c.Y))) }, NonsmoothKind.None, Arith, Operators.Token(BinaryOp.Remainder), PositivePairs);
        yield return new("Neg", 1, c => new[] { c.Num(-1) }, NonsmoothKind.None, Arith, Operators.Token(UnaryOp.Negate), Reals);

        // Elementary functions.
        yield return new("Exp", 1, c => new[] { c.Out }, NonsmoothKind.None, Nonlin(1), null, Reals);
        yield return new("Log", 1, c => new[] { Div(c.Num(1), c.X) }, NonsmoothKind.None, Nonlin(2), null, Positive);
        yield return new("LogBase", 2, c => new[]
        {
            Div(c.Num(1), Mul(c.X, P("Log", c.Y))),
            Neg(Div(c.Out, Mul(c.Y, P("Log", c.Y)))),
        }, NonsmoothKind.None, Nonlin(4), null, PositivePairs);
        yield return new("Log10", 1, c => new[] { Div(c.Num(1), Mul(c.X, c.Num(Math.Log(10)))) }, NonsmoothKind.None, Nonlin(2), null, Positive);
        yield return new("Log2", 1, c => new[] { Div(c.Num(1), Mul(c.X, c.Num(Math.Log(2)))) }, NonsmoothKind.None, Nonlin(2), null, Positive);
        yield return new("Sqrt", 1, c => new[] { Div(c.Num(0.5), c.Out) }, NonsmoothKind.None, Nonlin(2), null, Positive);
        yield return new("Cbrt", 1, c => new[] { Div(c.Num(1), Mul(c.Num(3), Sq(c.Out))) }, NonsmoothKind.None, Nonlin(3), null, Positive);
        yield return new("Pow", 2, c => new[]
        {
            Mul(c.Y, P("Pow", c.X, Sub(c.Y, c.Num(1)))),
            // d/dy x^y = x^y·ln x; 0 at x = 0 (the limit along x > 0), as JAX does.
            If(Cmp(BinaryOp.Equal, c.X, c.Num(0)), c.Num(0), Mul(c.Out, P("Log", c.X))),
        }, NonsmoothKind.None, Nonlin(4), null, PositivePairs);
        yield return new("Sin", 1, c => new[] { P("Cos", c.X) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("Cos", 1, c => new[] { Neg(P("Sin", c.X)) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("Tan", 1, c => new[] { Add(c.Num(1), Sq(c.Out)) }, NonsmoothKind.None, Nonlin(3), null, Unit);
        yield return new("Asin", 1, c => new[] { Div(c.Num(1), P("Sqrt", Sub(c.Num(1), Sq(c.X)))) }, NonsmoothKind.None, Nonlin(4), null, Unit);
        yield return new("Acos", 1, c => new[] { Neg(Div(c.Num(1), P("Sqrt", Sub(c.Num(1), Sq(c.X))))) }, NonsmoothKind.None, Nonlin(4), null, Unit);
        yield return new("Atan", 1, c => new[] { Div(c.Num(1), Add(c.Num(1), Sq(c.X))) }, NonsmoothKind.None, Nonlin(3), null, Reals);
        yield return new("Atan2", 2, c =>
        {
            Expr r2 = Add(Sq(c.X), Sq(c.Y));
            return new[] { Div(c.Y, r2), Neg(Div(c.X, r2)) };
        }, NonsmoothKind.None, Nonlin(5), null, Pairs);
        yield return new("Sinh", 1, c => new[] { P("Cosh", c.X) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("Cosh", 1, c => new[] { P("Sinh", c.X) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("Tanh", 1, c => new[] { Sub(c.Num(1), Sq(c.Out)) }, NonsmoothKind.None, Nonlin(3), null, Reals);
        yield return new("FusedMultiplyAdd", 3, c => new[] { c.Args[1], c.Args[0], c.Num(1) }, NonsmoothKind.None, new(CostClass.Arithmetic, new(2, 0, 0), new(2, 0, 0)),
            null, new[] { new[] { 1.5, -0.5, 2.0 }, new[] { -2.0, 0.25, -1.0 } });
        yield return new("Hypot", 2, c => new[]
        {
            // At (0,0) the Clarke subdifferential is the unit disc; 0 is its minimum-norm element.
            If(Cmp(BinaryOp.Equal, c.Out, c.Num(0)), c.Num(0), Div(c.X, c.Out)),
            If(Cmp(BinaryOp.Equal, c.Out, c.Num(0)), c.Num(0), Div(c.Y, c.Out)),
        }, NonsmoothKind.None, Nonlin(4), null, Pairs);

        // The rest of .NET's IFloatingPointIeee754 functions with a derivative (Math, MathF, double., float., T.).
        yield return new("Asinh", 1, c => new[] { Div(c.Num(1), P("Sqrt", Add(Sq(c.X), c.Num(1)))) }, NonsmoothKind.None, Nonlin(4), null, Reals);
        yield return new("Acosh", 1, c => new[] { Div(c.Num(1), P("Sqrt", Sub(Sq(c.X), c.Num(1)))) }, NonsmoothKind.None, Nonlin(4), null, Pts(1.1, 1.5, 2.5, 7.0));
        yield return new("Atanh", 1, c => new[] { Div(c.Num(1), Sub(c.Num(1), Sq(c.X))) }, NonsmoothKind.None, Nonlin(3), null, Unit);
        yield return new("Exp2", 1, c => new[] { Mul(c.Out, c.Num(Math.Log(2))) }, NonsmoothKind.None, Nonlin(1), null, Reals);
        yield return new("Exp10", 1, c => new[] { Mul(c.Out, c.Num(Math.Log(10))) }, NonsmoothKind.None, Nonlin(1), null, Reals);
        // expm1'(x) = eˣ = expm1(x) + 1, and likewise for the base-2 and base-10 forms.
        yield return new("ExpM1", 1, c => new[] { Add(c.Out, c.Num(1)) }, NonsmoothKind.None, Nonlin(1), null, Reals);
        yield return new("Exp2M1", 1, c => new[] { Mul(Add(c.Out, c.Num(1)), c.Num(Math.Log(2))) }, NonsmoothKind.None, Nonlin(1), null, Reals);
        yield return new("Exp10M1", 1, c => new[] { Mul(Add(c.Out, c.Num(1)), c.Num(Math.Log(10))) }, NonsmoothKind.None, Nonlin(1), null, Reals);
        yield return new("LogP1", 1, c => new[] { Div(c.Num(1), Add(c.X, c.Num(1))) }, NonsmoothKind.None, Nonlin(2), null, Pts(-0.5, 0.0, 0.3, 2.5));
        yield return new("Log2P1", 1, c => new[] { Div(c.Num(1), Mul(Add(c.X, c.Num(1)), c.Num(Math.Log(2)))) }, NonsmoothKind.None, Nonlin(2), null, Pts(-0.5, 0.0, 0.3, 2.5));
        yield return new("Log10P1", 1, c => new[] { Div(c.Num(1), Mul(Add(c.X, c.Num(1)), c.Num(Math.Log(10)))) }, NonsmoothKind.None, Nonlin(2), null, Pts(-0.5, 0.0, 0.3, 2.5));
        yield return new("SinPi", 1, c => new[] { Mul(c.Num(Math.PI), P("CosPi", c.X)) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("CosPi", 1, c => new[] { Neg(Mul(c.Num(Math.PI), P("SinPi", c.X))) }, NonsmoothKind.None, Nonlin(2), null, Reals);
        yield return new("TanPi", 1, c => new[] { Mul(c.Num(Math.PI), Add(c.Num(1), Sq(c.Out))) }, NonsmoothKind.None, Nonlin(3), null, Pts(-0.3, 0.0, 0.2, 0.4));
        yield return new("AsinPi", 1, c => new[] { Div(c.Num(1 / Math.PI), P("Sqrt", Sub(c.Num(1), Sq(c.X)))) }, NonsmoothKind.None, Nonlin(4), null, Unit);
        yield return new("AcosPi", 1, c => new[] { Neg(Div(c.Num(1 / Math.PI), P("Sqrt", Sub(c.Num(1), Sq(c.X))))) }, NonsmoothKind.None, Nonlin(4), null, Unit);
        yield return new("AtanPi", 1, c => new[] { Div(c.Num(1 / Math.PI), Add(c.Num(1), Sq(c.X))) }, NonsmoothKind.None, Nonlin(3), null, Reals);
        yield return new("Atan2Pi", 2, c =>
        {
            Expr r2 = Mul(Add(Sq(c.X), Sq(c.Y)), c.Num(Math.PI));
            return new[] { Div(c.Y, r2), Neg(Div(c.X, r2)) };
        }, NonsmoothKind.None, Nonlin(5), null, Pairs);
        yield return new("DegreesToRadians", 1, c => new[] { c.Num(Math.PI / 180) }, NonsmoothKind.None, Arith, null, Reals);
        yield return new("RadiansToDegrees", 1, c => new[] { c.Num(180 / Math.PI) }, NonsmoothKind.None, Arith, null, Reals);
        // Lerp(a, b, t) = a·(1 − t) + b·t, as .NET computes it.
        yield return new("Lerp", 3, c => new[] { Sub(c.Num(1), c.Args[2]), c.Args[2], Sub(c.Y, c.X) }, NonsmoothKind.None, new(CostClass.Arithmetic, new(4, 0, 0), new(2, 0, 0)),
            null, new[] { new[] { 1.5, -0.5, 0.25 }, new[] { -2.0, 3.0, 1.5 } });
        // ScaleB(x, n) = x·2ⁿ and RootN(x, n) = x^(1/n): the integer n is passive.
        yield return new("ScaleB", 2, c => new[] { P("ScaleB", c.Num(1), c.Y), c.Num(0) }, NonsmoothKind.None, Arith, null,
            new[] { new[] { 1.3, 2.5 }, new[] { -0.7, -1.5 } });
        yield return new("RootN", 2, c => new[] { Div(c.Out, Mul(E.To(c.T, c.Y), c.X)), c.Num(0) }, NonsmoothKind.None, Nonlin(3), null,
            new[] { new[] { 2.7, 3.5 }, new[] { 0.4, 2.5 } });
        // CopySign(x, y) = |x|·sign(y): a kink at x = 0, resolved like |x|'(0).
        yield return new("CopySign", 2, c => new[] { Mul(Kink(c, c.X, c.Num(1), c.Num(-1), c.Policy.AbsAtZero, "CopySign"), P("CopySign", c.Num(1), c.Y)), c.Num(0) },
            NonsmoothKind.AbsLike, SignAndScale, null, Pairs);

        // Nonsmooth primitives: the policy decides the value at the kink (thesis ch. 3).
        yield return new("Abs", 1, c => new[] { Kink(c, c.X, c.Num(1), c.Num(-1), c.Policy.AbsAtZero, "Abs") },
            NonsmoothKind.AbsLike, SignAndScale, null, Pts(-1.7, -0.2, 0.4, 2.3));
        yield return new("Max", 2, c => MaxMin(c, BinaryOp.GreaterThan), NonsmoothKind.MaxLike, Sign(1), null, Pairs);
        yield return new("Min", 2, c => MaxMin(c, BinaryOp.LessThan), NonsmoothKind.MaxLike, Sign(1), null, Pairs);
        yield return new("Clamp", 3, c =>
        {
            // Clamp(x, lo, hi) = Min(Max(x, lo), hi): the chain rule through the two tie rules. The inner maximum is
            // only compared, so it is selected rather than called (NaN if either operand is, as Max): the reverse sweep
            // then evaluates no Max beyond the forward sweep's Clamp.
            Expr lo = c.Args[1], inf = c.Num(double.PositiveInfinity);
            Expr inner = If(Cmp(BinaryOp.LessThanOrEqual, c.X, inf), If(Cmp(BinaryOp.LessThanOrEqual, lo, inf), If(Cmp(BinaryOp.LessThan, c.X, lo), lo, c.X), lo), c.X);
            Expr[] dMax = MaxMin(c with { Args = new[] { c.X, c.Args[1] }, Out = inner }, BinaryOp.GreaterThan);
            Expr[] dMin = MaxMin(c with { Args = new[] { inner, c.Args[2] } }, BinaryOp.LessThan);
            // The products select (each factor is a ?: over 0 and 1): multiplying inside the branches folds them away,
            // so a clamp's pullback tests signs and never multiplies (SRCAD1002 counted those products against the bound).
            return new[] { Select(dMin[0], dMax[0]), Select(dMin[0], dMax[1]), dMin[1] };
        }, NonsmoothKind.MaxLike, Sign(2), null,
            new[] { new[] { 0.3, -1.0, 1.0 }, new[] { -2.0, -1.0, 1.0 }, new[] { 2.5, -1.0, 1.0 } });
        yield return new("Relu", 1, c => new[] { Kink(c, c.X, c.Num(1), c.Num(0), c.Policy.ReluAtZero, "Nonsmooth.Relu") },
            NonsmoothKind.ReluLike, Sign(1), "global::SourceAD.Nonsmooth.Relu", Pts(-1.3, -0.1, 0.2, 1.9));
        yield return new("LeakyRelu", 2, c => new[]
        {
            // At 0 the Clarke subdifferential is [slope, 1]; ReLU'(0) = s maps to slope + s·(1 − slope).
            Kink(c, c.X, c.Num(1), c.Y, null, "Nonsmooth.LeakyRelu", Add(c.Y, Mul(c.Num(c.Policy.ReluAtZero), Sub(c.Num(1), c.Y)))),
            If(Cmp(BinaryOp.LessThan, c.X, c.Num(0)), c.X, c.Num(0)),
        }, NonsmoothKind.ReluLike, SignAndScale, "global::SourceAD.Nonsmooth.LeakyRelu",
            new[] { new[] { -1.3, 0.1 }, new[] { 0.7, 0.01 }, new[] { 2.0, 0.2 } });

        // Piecewise-constant functions: allowed, derivative 0, reported as a warning (SRCAD0101).
        foreach (string step in new[] { "Floor", "Ceiling", "Round", "Truncate", "Sign" })
        {
            yield return new(step, 1, c => new[] { c.Num(0) }, NonsmoothKind.Step, Arith, null, Pts(-1.3, 0.4, 2.6));
        }
    }

    /// <summary>
    /// The derivative of a one-kink function: <paramref name="pos"/> for x &gt; 0, <paramref name="neg"/> for x &lt; 0, the
    /// policy value at ±0, NaN at NaN; what each case gives is <see cref="NonsmoothSemantics.Kink"/>'s.
    /// </summary>
    private static Expr Kink(PartialContext c, Expr x, Expr pos, Expr neg, double? atZero, string what, Expr? atZeroExpr = null)
    {
        Expr Derivative(KinkCase at) => NonsmoothSemantics.Kink(at, c.Policy.Strict) switch
        {
            KinkDerivative.RightSlope => pos,
            KinkDerivative.LeftSlope => neg,
            KinkDerivative.NaN => c.Num(double.NaN),
            KinkDerivative.Throw => Throw(c.T, $"{what} reached its kink at 0 under the Strict nonsmooth policy"),
            _ => atZeroExpr ?? c.Num(atZero!.Value),
        };
        Expr zero = c.Num(0);
        return If(Cmp(BinaryOp.GreaterThan, x, zero), Derivative(KinkCase.Above),
            If(Cmp(BinaryOp.LessThan, x, zero), Derivative(KinkCase.Below),
                If(Cmp(BinaryOp.Equal, x, zero), Derivative(KinkCase.AtKink), Derivative(KinkCase.NaN))));
    }

    /// <summary>
    /// Binary max (op "&gt;") or min (op "&lt;"): the winner gets 1, a tie is split by the binary tie rule, a NaN argument
    /// wins; what each case gives is <see cref="NonsmoothSemantics.Binary"/>'s.
    /// </summary>
    private static Expr[] MaxMin(PartialContext c, BinaryOp op)
    {
        BinaryOp inverse = op == BinaryOp.GreaterThan ? BinaryOp.LessThan : BinaryOp.GreaterThan;
        string what = op == BinaryOp.GreaterThan ? "Max" : "Min";
        var p = c.Policy;
        Expr Partial(BinaryCase at, int position)
        {
            BinaryPartial partial = NonsmoothSemantics.Binary(at, position, p.Strict);
            return partial == BinaryPartial.Throw
                ? Throw(c.T, $"{what} reached a tie under the Strict nonsmooth policy")
                : c.Num(NonsmoothSemantics.Value(partial, p.Binary, position));
        }
        Expr For(int position) =>
            If(Cmp(op, c.X, c.Y), Partial(BinaryCase.FirstWins, position),
                If(Cmp(inverse, c.X, c.Y), Partial(BinaryCase.SecondWins, position),
                    If(Cmp(BinaryOp.Equal, c.X, c.Y), Partial(BinaryCase.Tie, position),
                        // Here one argument is NaN; x <= +∞ holds for every x but NaN (and, unlike x != x, draws no CS1718).
                        If(Cmp(BinaryOp.LessThanOrEqual, c.X, c.Num(double.PositiveInfinity)), Partial(BinaryCase.SecondIsNaN, position), Partial(BinaryCase.FirstIsNaN, position)))));
        return new[] { For(0), For(1) };
    }

    /// <summary>
    /// a·b for a selector a (a tree of ?: whose leaves are constants or a throw): the product moves into the branches,
    /// where E.Mul folds the 0 and 1 leaves, and only the branch taken is evaluated.
    /// </summary>
    private static Expr Select(Expr a, Expr b) => (a, b) switch
    {
        (Cond c, _) => If(c.C, Select(c.A, b), Select(c.B, b)),
        (Opaque, _) => a,
        (_, Opaque) => b,
        (Lit, Cond d) => If(d.C, Select(a, d.A), Select(a, d.B)),
        (Lit x, Lit y) => new Lit(x.Type, x.Value * y.Value),
        _ => Mul(a, b),
    };

    private static Expr Throw(IrType type, string message) =>
        new Opaque(type, $"throw new global::SourceAD.NonsmoothPointException(\"{message}\")");

    private static double[][] Pts(params double[] xs) => xs.Select(x => new[] { x }).ToArray();
}
