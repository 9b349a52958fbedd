using System.Reflection;
using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Outputs a method may write only in part (GradBench gap G15): every entry it leaves alone keeps, through the call, the
/// value and so the derivative it had. Unless the generator proves the method writes every entry, the output is
/// in-out: its pullback passes the adjoint of the untouched entries back through <c>dyIn</c>, and callers no longer
/// lose it. Where the proof holds only for an output as long as the loop that writes it
/// (<c>for (int i = 0; i &lt; x.Length; i++) y[i] = …</c>, or <c>r[0] = …; r[1] = …;</c>), the signature stays plain and
/// derivative code checks that length on entry. Checked against central finite differences of the user's own methods.
/// </summary>
public class PartialOutputTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Parts
        {
            /// <summary>Writes every other entry.</summary>
            [Differentiable]
            public static void SetEvens(double[] x, double[] y)
            {
                for (int i = 0; i < x.Length; i += 2) y[i] = x[i] * x[i];
            }

            /// <summary>Writes the entries where x is positive.</summary>
            [Differentiable]
            public static void PositivePart(double[] x, double[] y)
            {
                for (int i = 0; i < x.Length; i++)
                    if (x[i] > 0) y[i] = x[i];
            }

            /// <summary>Leaves early before writing anything.</summary>
            [Differentiable]
            public static void Early(ReadOnlySpan<double> x, Span<double> y)
            {
                if (x[0] > 100) return;
                for (int i = 0; i < y.Length; i++) y[i] = 3 * x[i];
            }

            /// <summary>Writes every entry when y is as long as x.</summary>
            [Differentiable]
            public static void Square(ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] > 0) y[i] = x[i] * x[i];
                    else y[i] = -x[i];
                }
            }

            /// <summary>Writes entries 0 and 1 by constant index.</summary>
            [Differentiable]
            public static void Pair(double a, double b, Span<double> r)
            {
                r[0] = a * b;
                r[1] = a - b;
            }

            /// <summary>GradBench ode's ode_fun: entry 0, then a loop from 1; all of z when z is n long.</summary>
            [Differentiable]
            public static void Shifted(int n, ReadOnlySpan<double> x, Span<double> z)
            {
                z[0] = x[0];
                for (int i = 1; i < n; i++) z[i] = x[i] * x[i - 1];
            }

            /// <summary>A loop over x, then one entry more: no length makes it a full write that can be checked.</summary>
            [Differentiable]
            public static void OneMore(ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < x.Length; i++) y[i] = x[i] * 2;
                y[x.Length] = 1;
            }

            [Differentiable]
            public static double Caller(double[] x)
            {
                var a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = Math.Sin(x[i]) + 2;
                SetEvens(x, a);
                PositivePart(x, a);
                Early(x, a);
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1);
                return s;
            }
        }
        """;

    private static readonly Lazy<Type> Parts = new(() => GeneratorHarness.Load(Source).GetType("Parts")!);

    private static IEnumerable<string?> ParameterNames(string method) => Parts.Value.GetMethod(method)!.GetParameters().Select(p => p.Name);

    [Theory]
    [InlineData("SetEvensPullback")]
    [InlineData("PositivePartPullback")]
    [InlineData("EarlyPullback")]
    [InlineData("OneMorePullback")]
    public void OutputsNotProvenFullyWrittenAreInOut(string pullback) => Assert.Equal("dyIn", ParameterNames(pullback).Last());

    [Theory]
    [InlineData("SquarePullback")]
    [InlineData("PairPullback")]
    [InlineData("ShiftedPullback")]
    public void OutputsWrittenWholeWhenAsLongAsTheirLoopStayPlain(string pullback) => Assert.DoesNotContain("dyIn", ParameterNames(pullback));

    [Fact]
    public void TheCallerKeepsTheDerivativesOfEntriesItsHelpersLeaveAlone()
    {
        Type t = Parts.Value;
        var f = t.GetMethod("Caller")!.CreateDelegate<Func<double[], double>>();
        double[] x = { 0.7, -1.3, 0.4, -0.2, 1.1 };
        var gradient = (ITuple)t.GetMethod("CallerGradient")!.Invoke(null, new object[] { x })!;
        Assert.Equal(f(x), (double)gradient[0]!);
        double[] dx = (double[])gradient[1]!;
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double[] xp = (double[])x.Clone(), xm = (double[])x.Clone();
            xp[i] += h; xm[i] -= h;
            double fd = (f(xp) - f(xm)) / (2 * h);
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"∂/∂x{i}: finite differences {fd}, gradient {dx[i]}");
        }
    }

    private delegate void PartialPullback(double[] x, double[] y, ReadOnlySpan<double> seedY, Span<double> dx, Span<double> dyIn);

    [Fact]
    public void UntouchedEntriesPassTheirAdjointThrough()
    {
        var pullback = Parts.Value.GetMethod("PositivePartPullback")!.CreateDelegate<PartialPullback>();
        double[] x = { 0.5, -1.0, 2.0, -0.1 }, y = { 9, 9, 9, 9 }, w = { 0.3, -0.7, 1.1, 0.2 };
        double[] dx = new double[4], dyIn = new double[4];
        pullback(x, y, w, dx, dyIn);
        Assert.Equal(new[] { 0.5, 9, 2.0, 9 }, y);
        Assert.Equal(new[] { 0.3, 0, 1.1, 0 }, dx);
        Assert.Equal(new[] { 0, -0.7, 0, 0.2 }, dyIn);
    }

    private delegate void SquarePullbackDelegate(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> seedY, Span<double> dx);

    private delegate void PairPullbackDelegate(double a, double b, Span<double> r, ReadOnlySpan<double> seedR, ref double da, ref double db);

    [Fact]
    public void AnOutputLongerThanItsLoopIsRefusedWithItsLengths()
    {
        var square = Parts.Value.GetMethod("SquarePullback")!.CreateDelegate<SquarePullbackDelegate>();
        var e = Assert.Throws<ArgumentException>(() => square(new[] { 1.0, 2.0 }, new double[3], new double[3], new double[2]));
        Assert.Contains("'y' has length 3", e.Message);
        Assert.Contains("x.Length = 2", e.Message);
        square(new[] { 1.0, 2.0 }, new double[2], new double[2], new double[2]);

        var pair = Parts.Value.GetMethod("PairPullback")!.CreateDelegate<PairPullbackDelegate>();
        double da = 0, db = 0;
        e = Assert.Throws<ArgumentException>(() => pair(1, 2, new double[3], new double[3], ref da, ref db));
        Assert.Contains("'r' has length 3 but 'Pair' writes its first 2 entries", e.Message);
        pair(1.5, 2, new double[2], new[] { 1.0, 0.5 }, ref da, ref db);
        Assert.Equal((2 + 0.5, 1.5 - 0.5), (da, db));
    }
}
