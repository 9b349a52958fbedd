using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Nested AD: [Differentiable] methods that call another method's generated FGradient and use its elements, checked
/// against central differences of the caller itself (whose value runs the generated gradient), closed forms (a
/// quadratic form's Hessian, Rosenbrock's), the dot-product test of the caller's pushforward against its gradient
/// (forward over reverse against reverse over reverse), and the value oracle.
/// </summary>
public class NestedGradientTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Nested
        {
            [Differentiable]
            public static double Potential(double x1, double x2, double w)
            {
                double l = Math.Sqrt((10.0 - x1) * (10.0 - x1) + (0.0 - x2) * (0.0 - x2));
                double r = Math.Sqrt((10.0 - x1) * (10.0 - x1) + (10.0 - w - x2) * (10.0 - w - x2));
                return 1 / l + 1 / r;
            }

            // Deconstruction of the generated gradient: the value and all three elements.
            [Differentiable]
            public static double Energy(double x1, double x2, double w)
            {
                var (v, dx1, dx2, dw) = PotentialGradient(x1, x2, w);
                return dx1 * dx1 + Math.Sin(dx2) * w + v * dw;
            }

            [Differentiable]
            public static double Quadratic(double x, double y) => 1.5 * x * x + 0.75 * x * y - 2.0 * y * y;

            [Differentiable]
            public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

            // ∇ of ⟨∇R(x, y), (u, v)⟩ with respect to (x, y) is H·(u, v); u and v are constants of the inner gradient.
            [Differentiable]
            public static double RosenbrockDirectional(double x, double y, double u, double v)
            {
                var g = RosenbrockGradient(x, y);
                return g.DX * u + g.DY * v;
            }

            // A member access on the call, anywhere an expression stands.
            [Differentiable]
            public static double QuadraticSlopeX(double x, double y) => QuadraticGradient(x, y).DX;

            // Gradient descent on the quadratic as an inner loop; the result is differentiated through every step.
            [Differentiable]
            public static double Descend(double x, double y, double eta)
            {
                for (int i = 0; i < 6; i++)
                {
                    var g = RosenbrockGradient(x, y);
                    x = x - eta * g.DX;
                    y -= eta * g.DY;
                }
                return Quadratic(x, y) + x * y;
            }

            [Differentiable]
            public static double Weighted(double[] a, double s, [NoDerivative] int n)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.Exp(s * a[i]) * a[i];
                return sum;
            }

            // Forward over forward (and, through the caller's pullback, reverse over forward): the generated pushforward's
            // value and tangent, along constant directions and along a direction that is itself an input.
            [Differentiable]
            public static double Slopes(double x1, double x2, double w)
            {
                double d1 = PotentialPushforward(x1, x2, w, 1.0, 0.0, 0.0).Tangent;
                var (v, d2) = PotentialPushforward(x1, x2, w, 0.0, 1.0, 0.0);
                return d1 * d2 + v * w;
            }

            [Differentiable]
            public static double RosenbrockAlong(double x, double y, double u, double v) => RosenbrockPushforward(x, y, u, v).Tangent;

            [Differentiable]
            public static double WeightedAlong(double[] a, double s, double[] t) => WeightedPushforward(a, s, a.Length, t, s).Tangent;

            [Differentiable]
            public static double TrainingLoss(double w, double b, double lambda)
            {
                double loss = 0;
                for (int i = 0; i < 5; i++)
                {
                    double x = 0.5 * i - 1;
                    double y = 2 * x + 0.3 + 0.1 * Math.Sin(3 * x);
                    double r = w * x + b - y;
                    loss += r * r;
                }
                return loss / 5 + lambda * (w * w + b * b);
            }

            // Bilevel tuning: descend on the training loss (discarded elements), score on a held-out point.
            [Differentiable]
            public static double ValidationLoss(double lambda, double eta)
            {
                double w = 0, b = 0;
                for (int step = 0; step < 20; step++)
                {
                    var (_, dw, db, _) = TrainingLossGradient(w, b, lambda);
                    w -= eta * dw;
                    b -= eta * db;
                }
                double r = w * 1.5 + b - 3.3;
                return r * r;
            }

            // A scalar element of a gradient whose callee also takes an array: its pullback adds into the array's adjoint.
            [Differentiable]
            public static double WeightedSlope(double[] a, double s) => WeightedGradient(a, s, a.Length).DS * s;
        }
        """;

    private static readonly Lazy<Type> Program = new(() => GeneratorHarness.Load(Source).GetType("Nested")!);

    private static object? Call(string name, params object[] args) => Program.Value.GetMethod(name)!.Invoke(null, args);

    private static double[] Gradient(string name, params object[] args)
    {
        var t = (ITuple)Call(name + "Gradient", args)!;
        var g = new List<double>();
        for (int i = 1; i < t.Length; i++)
        {
            if (t[i] is double d) g.Add(d);
            else g.AddRange((double[])t[i]!);
        }
        return g.ToArray();
    }

    /// <summary>Central differences of the caller (scalar parameters), at the given point.</summary>
    private static double[] FiniteDifferences(string name, double[] x, double h = 1e-6)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h; minus[i] -= h;
            g[i] = ((double)Call(name, plus.Cast<object>().ToArray())! - (double)Call(name, minus.Cast<object>().ToArray())!) / (2 * h);
        }
        return g;
    }

    [Theory]
    [InlineData("Energy", new[] { 1.3, 7.2, 0.4 })]
    [InlineData("RosenbrockDirectional", new[] { -1.2, 1.0, 0.5, -2.0 })]
    [InlineData("QuadraticSlopeX", new[] { 0.3, -0.7 })]
    [InlineData("Descend", new[] { 0.4, 0.6, 0.001 })]
    [InlineData("Slopes", new[] { 1.3, 7.2, 0.4 })]
    [InlineData("RosenbrockAlong", new[] { -1.2, 1.0, 0.5, -2.0 })]
    [InlineData("ValidationLoss", new[] { 0.3, 0.2 })]
    public void ReverseOverReverseMatchesFiniteDifferencesAndTheValueOracle(string name, double[] x)
    {
        object[] args = x.Cast<object>().ToArray();
        var gradient = (ITuple)Call(name + "Gradient", args)!;
        Assert.Equal((double)Call(name, args)!, (double)gradient[0]!); // value oracle, bit for bit
        double[] g = Gradient(name, args);
        double[] fd = FiniteDifferences(name, x);
        for (int i = 0; i < x.Length; i++) Assert.Equal(fd[i], g[i], 1e-5 * Math.Max(1, Math.Abs(fd[i])));
    }

    [Theory]
    [InlineData("Energy", new[] { 1.3, 7.2, 0.4 }, new[] { 0.3, -1.1, 0.7 })]
    [InlineData("RosenbrockDirectional", new[] { -1.2, 1.0, 0.5, -2.0 }, new[] { 0.2, 0.9, -0.4, 1.5 })]
    [InlineData("Descend", new[] { 0.4, 0.6, 0.001 }, new[] { -0.5, 0.25, 3.0 })]
    [InlineData("Slopes", new[] { 1.3, 7.2, 0.4 }, new[] { 0.3, -1.1, 0.7 })]
    [InlineData("RosenbrockAlong", new[] { -1.2, 1.0, 0.5, -2.0 }, new[] { 0.2, 0.9, -0.4, 1.5 })]
    [InlineData("ValidationLoss", new[] { 0.3, 0.2 }, new[] { 1.0, -0.5 })]
    public void ForwardOverReverseAgreesWithReverseOverReverse(string name, double[] x, double[] t)
    {
        // Dot-product test: the pushforward's tangent along t is ⟨∇f, t⟩ from the pullback.
        var pushforward = (ITuple)Call(name + "Pushforward", x.Concat(t).Cast<object>().ToArray())!;
        double[] g = Gradient(name, x.Cast<object>().ToArray());
        double dot = g.Zip(t, (a, b) => a * b).Sum();
        Assert.Equal(dot, (double)pushforward[1]!, 1e-10 * Math.Max(1, Math.Abs(dot)));
        Assert.Equal((double)Call(name, x.Cast<object>().ToArray())!, (double)pushforward[0]!);
    }

    [Fact]
    public void ClosedForms()
    {
        // ∂/∂(x, y) of ∂Q/∂x = 3x + 0.75y is (3, 0.75), everywhere.
        double[] q = Gradient("QuadraticSlopeX", 0.3, -0.7);
        Assert.Equal(3.0, q[0], 12);
        Assert.Equal(0.75, q[1], 12);

        // ∇_(x,y) ⟨∇R, (u, v)⟩ = H·(u, v) with H = [[2 − 400(y − x²) + 800x², −400x], [−400x, 200]]; ∂/∂u = R_x, ∂/∂v = R_y.
        double x = -1.2, y = 1.0, u = 0.5, v = -2.0;
        double[] g = Gradient("RosenbrockDirectional", x, y, u, v);
        double hxx = 2 - 400 * (y - x * x) + 800 * x * x, hxy = -400 * x, hyy = 200;
        Assert.Equal(hxx * u + hxy * v, g[0], 1e-9);
        Assert.Equal(hxy * u + hyy * v, g[1], 1e-9);
        Assert.Equal(-2 * (1 - x) - 400 * x * (y - x * x), g[2], 1e-9);
        Assert.Equal(200 * (y - x * x), g[3], 1e-9);

        // The same through the pushforward: ∇R·(u, v) has the same gradient.
        Assert.Equal(g, Gradient("RosenbrockAlong", x, y, u, v));
    }

    [Fact]
    public void PushforwardWithArraysMatchesFiniteDifferences()
    {
        double[] a = { 0.3, -0.5, 0.9 }, t = { 1.0, 0.5, -2.0 };
        double s = 0.7, h = 1e-6;
        var gradient = (ITuple)Call("WeightedAlongGradient", a, s, t)!;
        Assert.Equal((double)Call("WeightedAlong", a, s, t)!, (double)gradient[0]!);
        double[] da = (double[])gradient[1]!, dt = (double[])gradient[3]!;
        for (int i = 0; i < a.Length; i++)
        {
            double[] plus = (double[])a.Clone(), minus = (double[])a.Clone();
            plus[i] += h; minus[i] -= h;
            Assert.Equal(((double)Call("WeightedAlong", plus, s, t)! - (double)Call("WeightedAlong", minus, s, t)!) / (2 * h), da[i], 1e-6);
            double[] tp = (double[])t.Clone(), tm = (double[])t.Clone();
            tp[i] += h; tm[i] -= h;
            Assert.Equal(((double)Call("WeightedAlong", a, s, tp)! - (double)Call("WeightedAlong", a, s, tm)!) / (2 * h), dt[i], 1e-6);
        }
        Assert.Equal(((double)Call("WeightedAlong", a, s + h, t)! - (double)Call("WeightedAlong", a, s - h, t)!) / (2 * h), (double)gradient[2]!, 1e-6);
    }

    [Fact]
    public void ScalarElementOfACalleeWithAnArrayParameter()
    {
        double[] a = { 0.3, -0.5, 0.9 };
        double s = 0.7, h = 1e-6;
        var gradient = (ITuple)Call("WeightedSlopeGradient", a, s)!;
        Assert.Equal((double)Call("WeightedSlope", a, s)!, (double)gradient[0]!);
        double[] da = (double[])gradient[1]!;
        for (int i = 0; i < a.Length; i++)
        {
            double[] plus = (double[])a.Clone(), minus = (double[])a.Clone();
            plus[i] += h; minus[i] -= h;
            double fd = ((double)Call("WeightedSlope", plus, s)! - (double)Call("WeightedSlope", minus, s)!) / (2 * h);
            Assert.Equal(fd, da[i], 1e-6);
        }
        double fds = ((double)Call("WeightedSlope", a, s + h)! - (double)Call("WeightedSlope", a, s - h)!) / (2 * h);
        Assert.Equal(fds, (double)gradient[2]!, 1e-6);
    }

    [Fact]
    public Task OtherGeneratedMembersAreRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class P
        {
            [Differentiable]
            public static double F(double x) => x * x * x;

            [Differentiable]
            public static double G(double x) => {|#0:{|#2:FHessianVectorProduct|}(x, 1.0)|}.HX;

            [Differentiable]
            public static double H(double x) => {|#1:FGradient|}(x).DX;
        }
        """,
        // The analyzer test has no generator, so the compiler cannot bind the generated members (CS0103); SourceAD's
        // lowering binds them against stubs of the generated signatures: H is accepted, G refused.
        DiagnosticResult.CompilerError("CS0103").WithLocation(2).WithArguments("FHessianVectorProduct"),
        DiagnosticResult.CompilerError("CS0103").WithLocation(1).WithArguments("FGradient"),
        new DiagnosticResult("SRCAD0061", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("FHessianVectorProduct", "third-order derivatives are not generated: call it outside [Differentiable] code")).RunAsync();
}
