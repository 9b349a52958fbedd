using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A row of a jagged array passed whole to a helper (<c>Dot(rows[r], w)</c>, <c>var row = rows[0]; DotD(row, w)</c>):
/// the helper is inlined with its parameter a row alias, so its reads and writes are the row's and so are its
/// adjoints. Checked by the value oracle, finite differences over every entry, and the dot-product test.
/// </summary>
public class JaggedRowArgumentTests() : SourceProgramTests(Source, "Rows")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Rows
        {
            private static double Dot(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            private static void Scale(double[] a, double k)
            {
                for (int i = 0; i < a.Length; i++) a[i] *= k;
            }

            [Differentiable]
            private static double DotD(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * Math.Sin(b[i]);
                return s;
            }

            [Differentiable]
            public static double RowDots(double[][] rows, double[] w)
            {
                double total = 0;
                for (int r = 0; r < rows.Length; r++)
                {
                    double d = Dot(rows[r], w);
                    total += d * d;
                }
                return total;
            }

            private static double SumOfSquares(double[] a)
            {
                double s = 0;
                foreach (double v in a) s += v * v;
                return s;
            }

            // foreach over a row: in a helper bound to rows[r], and directly over rows[1].
            [Differentiable]
            public static double RowTotals(double[][] rows, double[] w)
            {
                double t = 0;
                for (int r = 0; r < rows.Length; r++) t += SumOfSquares(rows[r]) * w[r];
                foreach (double v in rows[1]) t += Math.Sin(v) * w[0];
                return t;
            }

            [Differentiable]
            public static double Outside(double[][] rows, double[] w) => Dot(rows[0], w) * DotD(rows[rows.Length - 1], w);

            [Differentiable]
            public static double LocalRow(double[][] rows, double[] w)
            {
                var last = rows[2];
                return DotD(last, w) + Dot(last, last);
            }

            [Differentiable]
            public static double ScaledRows(double[][] rows, double[] w)
            {
                var m = new double[rows.Length][];
                for (int r = 0; r < rows.Length; r++)
                {
                    m[r] = new double[w.Length];
                    for (int j = 0; j < w.Length; j++) m[r][j] = rows[r][j] * w[j];
                    Scale(m[r], w[r]);
                }
                return Dot(m[0], m[1]) + Dot(m[2], w);
            }
        }
        """;

    private static readonly double[][] R = { new[] { 0.4, -1.3, 2.2 }, new[] { 0.05, -0.7, 0.9 }, new[] { 1.1, 0.3, -0.6 } };
    private static readonly double[] W = { 0.8, -0.2, 1.5 };

    public static TheoryData<string> Methods => new() { "RowDots", "Outside", "LocalRow", "ScaledRows", "RowTotals" };

    private delegate (double Value, double Tangent) Pushforward(double[][] rows, double[] w, double[][] drows, ReadOnlySpan<double> dw);

    [Theory]
    [MemberData(nameof(Methods))]
    public void ValueDerivativesAndDotProduct(string name)
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double[][], double[], double>>();
        double expected = f(Clone(R), W);
        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { Clone(R), W })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        double[][] drows = (double[][])gradient[1]!;
        double[] dw = (double[])gradient[2]!;
        for (int r = 0; r < R.Length; r++)
        {
            int row = r;
            FiniteDifference.AssertGradient(at => f(Clone(R, row, at), W), R[r], drows[r], $"rows[{r}]");
        }
        FiniteDifference.AssertGradient(at => f(Clone(R), at), W, dw, "w");

        // Dot-product test: the pushforward along (T, tw) is ⟨gradient, (T, tw)⟩.
        double[][] tr = { new[] { 0.3, -0.2, 0.9 }, new[] { 1.1, -0.5, 0.4 }, new[] { -0.8, 0.6, 0.1 } };
        double[] tw = { -0.4, 0.8, 0.2 };
        var (value, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>()(Clone(R), W, tr, tw);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        double reverse = drows.Zip(tr, (g, u) => g.Zip(u, (a, b) => a * b).Sum()).Sum() + dw.Zip(tw, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{name}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Fact]
    public void ClosedFormOfRowDots()
    {
        // f = Σ_r (rows[r]·w)²: ∂f/∂rows[r] = 2 (rows[r]·w) w, ∂f/∂w = Σ_r 2 (rows[r]·w) rows[r].
        var gradient = (ITuple)Program.GetMethod("RowDotsGradient")!.Invoke(null, new object[] { Clone(R), W })!;
        double[][] drows = (double[][])gradient[1]!;
        double[] dw = (double[])gradient[2]!;
        for (int r = 0; r < R.Length; r++)
        {
            double d = R[r].Zip(W, (a, b) => a * b).Sum();
            for (int j = 0; j < W.Length; j++) Assert.Equal(2 * d * W[j], drows[r][j], 12);
        }
        for (int j = 0; j < W.Length; j++) Assert.Equal(R.Sum(row => 2 * row.Zip(W, (a, b) => a * b).Sum() * row[j]), dw[j], 12);
    }

    [Fact]
    public Task ARowPassedToACallThatIsNotInlinedIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;

        public static partial class Rows
        {
            [Differentiable]
            private static double Product(double[] a, int n) => n == 0 ? 1 : a[n] * Product(a, n - 1);

            [Differentiable]
            public static double F(double[][] rows)
            {
                var row = rows[0];
                return Product({|#0:row|}, 2);
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Passing the row 'row' of a jagged array to a call that is not inlined", "pass the jagged array and the row index, or copy the row into a local array")).RunAsync();

    private static double[][] Clone(double[][] rows, int replace = -1, double[]? with = null) =>
        rows.Select((row, r) => (double[])(r == replace ? with! : row).Clone()).ToArray();
}
