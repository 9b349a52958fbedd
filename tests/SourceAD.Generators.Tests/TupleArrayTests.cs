using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Arrays of tuples (<c>(double X, double Y)[] vertices</c>) as parameters and locals (Lowering/MethodLowering.TupleArrays.cs):
/// one IR array per tuple element, as an array of structs. Element reads by name and by ItemN, deconstruction, a tuple
/// local from an element, <c>foreach</c> (a tuple local or deconstructed), element writes of a local array, and a
/// passive int element. The Gradient's adjoint is a tuple array of the same type and length. Checked by the value
/// oracle (bit for bit), finite differences, the dot-product test (Pullback and Pushforward) and a closed form.
/// </summary>
public class TupleArrayTests() : SourceProgramTests(Source, "Polygons")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Polygons
        {
            [Differentiable]
            public static double Perimeter((double X, double Y)[] p)
            {
                double s = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    int j = (i + 1) % p.Length;
                    s += Math.Sqrt((p[j].X - p[i].X) * (p[j].X - p[i].X) + (p[j].Item2 - p[i].Item2) * (p[j].Item2 - p[i].Item2));
                }
                return s;
            }

            [Differentiable]
            public static double ForeachDeconstruct((double X, double Y)[] p)
            {
                double s = 0;
                foreach (var (x, y) in p) s += x * y;
                return s;
            }

            [Differentiable]
            public static double ForeachElement((double X, double Y)[] p)
            {
                double s = 0;
                foreach (var q in p)
                {
                    if (q.X > 10) break;
                    s += q.X * q.X + Math.Sin(q.Y);
                }
                return s;
            }

            [Differentiable]
            public static double LocalTuple((double X, double Y)[] p)
            {
                var q = p[1];
                var (a, b) = p[p.Length - 1];
                return q.X * q.Y + a / b;
            }

            [Differentiable]
            public static double LocalArray((double X, double Y)[] p)
            {
                var pts = new (double X, double Y)[p.Length];
                for (int i = 0; i < p.Length; i++) pts[i] = (p[i].Y * p[i].X, Math.Exp(p[i].X));
                // A swap through the same element reads what it writes.
                pts[0] = (pts[0].Y, pts[0].X);
                pts[1].X *= 2;
                double s = 0;
                for (int i = 0; i < pts.Length; i++) s += pts[i].X * pts[i].Y;
                return s;
            }

            [Differentiable]
            public static double Initialized((double X, double Y)[] p)
            {
                (double X, double Y)[] corners = { (p[0].X, p[0].Y), (p[1].X * 2, 1.0), (0, p[2].Y) };
                var more = new[] { (p[3].X, p[3].Y) };
                (double, double)[] last = [(p[4].Y, p[4].X)];
                double s = 0;
                foreach (var (x, y) in corners) s += x * y;
                return s + more[0].Item1 * more[0].Item2 + last[0].Item1 / last[0].Item2;
            }

            [Differentiable]
            public static double WithCount((double W, int N)[] p)
            {
                double s = 0;
                for (int i = 0; i < p.Length; i++) s += p[i].W * p[i].W * p[i].N;
                return s;
            }
        }
        """;

    private static readonly (double X, double Y)[] P = { (0.2, 0.5), (4.0, 0.7), (3.5, 3.0), (0.5, 2.5), (-1.25, 1.5) };

    private delegate double Pullback<T>(T[] p, double seed, Span<T> d);

    private delegate (double Value, double Tangent) Pushforward<T>(T[] p, ReadOnlySpan<T> d);

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);

    [Theory]
    [InlineData("Perimeter")]
    [InlineData("ForeachDeconstruct")]
    [InlineData("ForeachElement")]
    [InlineData("LocalTuple")]
    [InlineData("LocalArray")]
    [InlineData("Initialized")]
    public void ValueOracleFiniteDifferencesAndDotProduct(string name) => Check(name, P, new[] { (0.3, -0.2), (0.9, 1.1), (-0.5, 0.25), (-0.75, 0.4), (0.6, -1.0) });

    [Fact]
    public void PassiveIntElement()
    {
        (double W, int N)[] p = { (0.5, 3), (-1.5, 2), (2.0, 1) };
        Check("WithCount", p, new[] { (1.0, 0), (-0.5, 0), (0.25, 0) });
        // Closed form: d/dW_i = 2 W_i N_i. The Gradient's adjoints start from zeros (as for arrays of structs), so the
        // passive int element is 0; a Pullback keeps whatever the caller's adjoint holds there.
        var g = (ITuple)Program.GetMethod("WithCountGradient")!.Invoke(null, new object[] { p })!;
        Assert.Equal(new[] { (3.0, 0), (-6.0, 0), (4.0, 0) }, ((double W, int N)[])g[1]!);
    }

    private void Check<T>(string name, T[] p, T[] direction) where T : struct
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<T[], double>>();
        double F(double[] flat) => f((T[])FloatingValues.Rebuild(p, flat)!);
        double[] x = FloatingValues.Flatten(p);
        double expected = f(p);

        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { p })!;
        Assert.Equal(Bits(expected), Bits((double)gradient[0]!));
        var dp = (T[])gradient[1]!;
        Assert.Equal(p.Length, dp.Length);
        double[] g = FloatingValues.Flatten(dp);
        FiniteDifference.AssertGradient(F, x, g);

        // Pullback adds seed·∇ into the adjoint it is given.
        var d = (T[])FloatingValues.Rebuild(p, Enumerable.Repeat(1.0, x.Length))!;
        double value = t.GetMethod(name + "Pullback")!.CreateDelegate<Pullback<T>>()(p, 2.0, d);
        Assert.Equal(Bits(expected), Bits(value));
        double[] accumulated = FloatingValues.Flatten(d);
        for (int i = 0; i < x.Length; i++) Assert.Equal(1 + 2 * g[i], accumulated[i], 12);

        var (pv, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward<T>>()(p, direction);
        Assert.Equal(Bits(expected), Bits(pv));
        double reverse = g.Zip(FloatingValues.Flatten(direction), (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{name}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Fact]
    public Task WritingAnInputTupleArrayIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;

        public static partial class Polygons
        {
            [Differentiable]
            public static double Move((double X, double Y)[] p, double d)
            {
                {|#0:p[0]|} = (d, d);
                {|#1:p[1].X|} = d;
                return p[0].X * p[1].Y;
            }
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Writing to the input array 'p'", "inputs are read-only here: copy into a local array"),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Writing to the input array 'p'", "inputs are read-only here: copy into a local array")).RunAsync();
}
