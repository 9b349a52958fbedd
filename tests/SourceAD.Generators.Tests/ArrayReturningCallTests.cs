using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>double[] unit = Normalize(v);</c>: helpers that return an array they allocate (flat, rectangular or jagged) are
/// inlined, the local naming that array, or passed on as an argument (also inside another such helper); helpers
/// returning anything else (an input) are refused at the call.
/// </summary>
public class ArrayReturningCallTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Shapes
        {
            private static double[] Scaled(double[] v, double s)
            {
                var r = new double[v.Length];
                for (int i = 0; i < v.Length; i++) r[i] = v[i] * s;
                return r;
            }

            private static double[] Softmax(double[] z)
            {
                var e = new double[z.Length];
                double sum = 0;
                for (int i = 0; i < z.Length; i++) { e[i] = Math.Exp(z[i]); sum += e[i]; }
                double[] p = Scaled(e, 1 / sum);
                return p;
            }

            [Differentiable]
            public static double Entropy(double[] logits, double temperature)
            {
                double[] p = Softmax(Scaled(logits, 1 / temperature));
                double h = 0;
                foreach (double q in p) h -= q * Math.Log(q);
                return h;
            }
        }
        """;

    [Fact]
    public void NestedArrayReturningHelpersMatchFiniteDifferences()
    {
        Type t = GeneratorHarness.Load(Source).GetType("Shapes")!;
        var f = t.GetMethod("Entropy")!.CreateDelegate<Func<double[], double, double>>();
        double[] x = { 0.3, -1.1, 0.8, 2.0 };
        const double temperature = 1.7;
        var gradient = (ITuple)t.GetMethod("EntropyGradient")!.Invoke(null, new object[] { x, temperature })!;
        Assert.Equal(f(x, temperature), (double)gradient[0]!);
        FiniteDifference.AssertGradient(at => f(at, temperature), x, (double[])gradient[1]!);
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => f(x, at), temperature), (double)gradient[2]!, "∂/∂temperature");
    }

    [Fact]
    public Task AHelperReturningItsInputIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class Shapes
        {
            private static double[] Same(double[] v) => v;

            [Differentiable]
            public static double F(double[] x)
            {
                double[] y = {|#0:Same(x)|};
                return y[0] * y[0];
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Initializing the array 'y' with what 'Same' returns", "let 'Same' return one local array it allocates (new T[n]) and fills, with a single return at its end")).RunAsync();

    private const string NestedSource = """
        using System;
        using SourceAD;

        public static partial class Tables
        {
            private static double[][] Outer(double[] u, double[] v)
            {
                var t = new double[u.Length][];
                for (int i = 0; i < u.Length; i++)
                {
                    t[i] = new double[v.Length];
                    for (int j = 0; j < v.Length; j++) t[i][j] = u[i] * v[j];
                }
                return t;
            }

            private static double[,] Gram(double[][] rows)
            {
                int n = rows.Length;
                var g = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        for (int k = 0; k < rows[i].Length; k++) g[i, j] += rows[i][k] * rows[j][k];
                return g;
            }

            private static double Trace(double[,] m)
            {
                double s = 0;
                for (int i = 0; i < m.GetLength(0); i++) s += Math.Sin(m[i, i]);
                return s;
            }

            [Differentiable]
            public static double Energy(double[] u, double[] v)
            {
                double[][] t = Outer(u, v);
                double[,] g = Gram(t);
                return Trace(g) + Trace(Gram(Outer(v, u)));
            }
        }
        """;

    [Fact]
    public void JaggedAndRectangularResultsAreInlinedAndMatchFiniteDifferences()
    {
        Type t = GeneratorHarness.Load(NestedSource).GetType("Tables")!;
        var f = t.GetMethod("Energy")!.CreateDelegate<Func<double[], double[], double>>();
        double[] u = { 0.3, -0.8, 0.5 }, v = { 0.9, 0.2 };
        var gradient = (ITuple)t.GetMethod("EnergyGradient")!.Invoke(null, new object[] { u, v })!;
        Assert.Equal(f(u, v), (double)gradient[0]!);
        FiniteDifference.AssertGradient(at => f(at, v), u, (double[])gradient[1]!, "u");
        FiniteDifference.AssertGradient(at => f(u, at), v, (double[])gradient[2]!, "v");
    }

    /// <summary>
    /// Regression: a rectangular or jagged argument of an inlined local function was copied into a new local as if it
    /// were a scalar (<c>a_2 = a</c>), so nothing flowed back into <c>da</c> and the gradient was silently 0.
    /// </summary>
    [Fact]
    public void NestedArraysPassedToALocalFunctionKeepTheirDerivatives()
    {
        Type t = GeneratorHarness.Load("""
            using System;
            using SourceAD;

            public static partial class Local
            {
                [Differentiable]
                public static double F(double[,] a, double[][] r)
                {
                    double Sum(double[,] m, double[][] rows)
                    {
                        double s = 0;
                        for (int i = 0; i < m.GetLength(0); i++) s += m[i, 0] * m[i, 1] + Math.Exp(rows[i][0]);
                        return s;
                    }
                    return Sum(a, r);
                }
            }
            """).GetType("Local")!;
        double[,] a = { { 0.5, -1.5 }, { 2.0, 0.25 } };
        double[][] r = { new[] { 0.1 }, new[] { -0.4 } };
        var gradient = (ITuple)t.GetMethod("FGradient")!.Invoke(null, new object[] { a, r })!;
        var da = (double[,])gradient[1]!;
        var dr = (double[][])gradient[2]!;
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(a[i, 1], da[i, 0]);
            Assert.Equal(a[i, 0], da[i, 1]);
            Assert.Equal(Math.Exp(r[i][0]), dr[i][0]);
        }
    }

    /// <summary><c>foreach</c> over what a helper returns (flat and rectangular), and a helper returning another helper's array.</summary>
    [Fact]
    public void ForeachOverAndReturnOfHelperArraysMatchFiniteDifferencesAndForwardMode()
    {
        Type t = GeneratorHarness.Load("""
            using System;
            using SourceAD;

            public static partial class Flows
            {
                private static double[] Exps(double[] z)
                {
                    var e = new double[z.Length];
                    for (int i = 0; i < z.Length; i++) e[i] = Math.Exp(z[i]);
                    return e;
                }

                private static double[] Scaled(double[] v, double s)
                {
                    var r = new double[v.Length];
                    for (int i = 0; i < v.Length; i++) r[i] = v[i] * s;
                    return r;
                }

                private static double[] Normalized(double[] z)
                {
                    double[] e = Exps(z);
                    double sum = 0;
                    foreach (double q in e) sum += q;
                    return Scaled(e, 1 / sum);
                }

                private static double[,] Outer(double[] u)
                {
                    var m = new double[u.Length, u.Length];
                    for (int i = 0; i < u.Length; i++)
                        for (int j = 0; j < u.Length; j++) m[i, j] = u[i] * u[j];
                    return m;
                }

                [Differentiable]
                public static double Score(double[] x)
                {
                    double h = 0;
                    foreach (double p in Normalized(x)) h -= p * Math.Log(p);
                    foreach (double v in Outer(x)) h += 0.1 * v * v;
                    return h;
                }
            }
            """).GetType("Flows")!;
        var f = t.GetMethod("Score")!.CreateDelegate<Func<double[], double>>();
        double[] x = { 0.2, -0.9, 1.3, 0.4 };
        var gradient = (ITuple)t.GetMethod("ScoreGradient")!.Invoke(null, new object[] { x })!;
        Assert.Equal(f(x), (double)gradient[0]!);
        double[] dx = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(f, x, dx);
        double[] tx = { 0.5, 0.1, -0.7, 0.3 };
        var pushforward = t.GetMethod("ScorePushforward")!.CreateDelegate<PushforwardOfArray>();
        var (value, tangent) = pushforward(x, tx);
        Assert.Equal(f(x), value);
        double dot = dx.Zip(tx, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - dot) <= 1e-12 * (1 + Math.Abs(dot)), $"<J t, 1> = {tangent}, <t, J^T 1> = {dot}");
    }

    private delegate (double, double) PushforwardOfArray(double[] x, ReadOnlySpan<double> tx);
}
