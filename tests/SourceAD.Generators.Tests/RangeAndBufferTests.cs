using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Idioms of modern C# that round 17's probes found refused: ranges of arrays (<c>x[1..^1]</c>, a copy), ranges of
/// spans under <c>foreach</c> (a view), the stack-or-heap buffer (<c>n &lt;= 64 ? stackalloc double[n] : new double[n]</c>)
/// and <c>foreach (var (kx, ky) in Knots)</c> over a <c>static readonly</c> field of tuples. Each is held to the value
/// oracle, finite differences, the dot-product test and the pullback's accumulation contract
/// (<see cref="ObjectiveChecks.BothModes"/>), on both sides of every branch the idiom has.
/// </summary>
public class RangeAndBufferTests() : SourceProgramTests(Source, "Idioms")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Idioms
        {
            [Differentiable]
            public static double Buffered(double[] x)
            {
                int n = x.Length;
                Span<double> buf = n <= 64 ? stackalloc double[n] : new double[n];
                for (int i = 0; i < n; i++) buf[i] = Math.Tanh(x[i]);
                double s = 0;
                for (int i = 0; i < n; i++) s += buf[i] * x[(i + 1) % n];
                return s;
            }

            // The branches differ in length: a fixed stack scratch, or a heap one as long as the input.
            [Differentiable]
            public static double Scratch(double[] x)
            {
                Span<double> tmp = x.Length > 8 ? new double[x.Length] : stackalloc double[8];
                for (int i = 0; i < x.Length; i++) tmp[i] = x[i] * x[i];
                double s = 0;
                for (int i = 0; i < tmp.Length; i++) s += Math.Sqrt(1 + tmp[i]) * (i + 1);
                return s + tmp.Length;
            }

            [Differentiable]
            public static double Ends(double[] x)
            {
                double first = x[0], last = x[^1];
                double inner = 0;
                foreach (double v in x[1..^1]) inner += v * v;
                return first * last + inner;
            }

            // A range of an array is a copy: writing it leaves x as it was, which the last line reads.
            [Differentiable]
            public static double CopyThenWrite(double[] x)
            {
                var middle = x[1..^1];
                middle[0] = Math.Exp(middle[0]);
                double s = 0;
                foreach (double v in middle) s += v;
                return s * x[1];
            }

            [Differentiable]
            public static double SpanTail(double[] x)
            {
                ReadOnlySpan<double> s = x;
                double t = 0;
                foreach (double v in s[1..]) t += Math.Sin(v) * s[0];
                return t;
            }

            private static readonly (double X, double Y)[] Knots = { (0.0, 1.0), (1.0, 2.0), (2.0, 0.5), (3.0, 0.0) };

            [Differentiable]
            public static double KnotFit(double[] p)
            {
                double err = 0;
                foreach (var (kx, ky) in Knots)
                {
                    double r = p[0] * kx + p[1] - ky + p[2] * kx * kx;
                    err += r * r;
                }
                return err;
            }

            // A tuple local over the same field, its elements read by name.
            [Differentiable]
            public static double KnotWeights(double[] p)
            {
                double s = 0;
                foreach (var knot in Knots) s += Math.Exp(-p[0] * knot.X) * knot.Y;
                return s;
            }
        }
        """;

    [Theory]
    [InlineData(5)]
    [InlineData(70)]
    public void StackOrHeapBuffer(int n) => ObjectiveChecks.BothModes(Program, "Buffered", n);

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(11)]
    public void BranchesOfDifferentLength(int n) => ObjectiveChecks.BothModes(Program, "Scratch", n);

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void ForeachOverAnArrayRange(int n) => ObjectiveChecks.BothModes(Program, "Ends", n);

    [Fact]
    public void AnArrayRangeIsACopy() => ObjectiveChecks.BothModes(Program, "CopyThenWrite", 6);

    [Fact]
    public void ForeachOverASpanRange() => ObjectiveChecks.BothModes(Program, "SpanTail", 5);

    [Fact]
    public void ForeachDeconstructingAFieldOfTuples() => ObjectiveChecks.BothModes(Program, "KnotFit", 3);

    [Fact]
    public void ForeachOverAFieldOfTuplesWithATupleLocal() => ObjectiveChecks.BothModes(Program, "KnotWeights", 1);

    [Fact]
    public void TheCopyAllocatesItsOwnArray()
    {
        string generated = GeneratorHarness.GeneratedSource(Source, "CopyThenWrite(double[]).Derivatives.g.cs");
        Assert.Contains("middle = new double[", generated);
    }
}
