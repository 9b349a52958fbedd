using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>List&lt;double&gt;</c>, <c>IList&lt;double&gt;</c> and <c>IReadOnlyList&lt;double&gt;</c> parameters
/// (Lowering/MethodLowering.ListParameters.cs): read in place as a span of the elements (<c>list[i]</c>, <c>Count</c>,
/// <c>foreach</c>). The generated Gradient returns a <c>double[]</c> of the list's Count, Pullback adds into a
/// <c>Span&lt;double&gt;</c>, Pushforward takes a <c>ReadOnlySpan&lt;double&gt;</c>. Checked by the value oracle (bit for
/// bit), finite differences, the dot-product test and a closed form; writes to the list are refused with the rewrite.
/// </summary>
public class ListParameterTests() : SourceProgramTests(Source, "Lists")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using SourceAD;

        public static partial class Lists
        {
            [Differentiable]
            public static double Variance(List<double> samples)
            {
                double mean = 0;
                for (int i = 0; i < samples.Count; i++) mean += samples[i];
                mean /= samples.Count;
                double ss = 0;
                foreach (double s in samples) ss += (s - mean) * (s - mean);
                return ss / (samples.Count - 1);
            }

            [Differentiable]
            public static double WeightedLogSum(IReadOnlyList<double> x, double[] w)
            {
                double s = 0;
                for (int i = 0; i < x.Count; i++) s += w[i] * Math.Log(1 + x[i] * x[i]);
                return s;
            }

            [Differentiable]
            public static double Horner(IList<double> coefficients, double t)
            {
                double p = 0;
                for (int i = coefficients.Count - 1; i >= 0; i--) p = p * t + coefficients[i];
                return p;
            }
        }
        """;

    private static readonly double[] X = { 0.7, -1.3, 2.2, 0.05, -0.4 };

    private delegate double Pullback(List<double> samples, double seed, Span<double> d);

    private delegate (double Value, double Tangent) Pushforward(List<double> samples, ReadOnlySpan<double> d);

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);

    [Fact]
    public void ListValueOracleFiniteDifferencesDotProductAndClosedForm()
    {
        Type t = Program;
        var f = t.GetMethod("Variance")!.CreateDelegate<Func<List<double>, double>>();
        // Capacity beyond Count: the span must cover the elements only, not the list's spare storage.
        var samples = new List<double>(16);
        samples.AddRange(X);
        double expected = f(samples);
        var gradient = (ITuple)t.GetMethod("VarianceGradient")!.Invoke(null, new object[] { samples })!;
        Assert.Equal(Bits(expected), Bits((double)gradient[0]!));
        double[] g = (double[])gradient[1]!;
        Assert.Equal(samples.Count, g.Length);
        FiniteDifference.AssertGradient(x => f(new List<double>(x)), X, g);
        // Closed form: d var / d x_i = 2 (x_i − mean) / (n − 1).
        double mean = X.Average();
        for (int i = 0; i < X.Length; i++) Assert.Equal(2 * (X[i] - mean) / (X.Length - 1), g[i], 12);

        // Pullback adds seed·∇ into what the adjoint holds.
        double[] d = { 1, 1, 1, 1, 1 };
        double value = t.GetMethod("VariancePullback")!.CreateDelegate<Pullback>()(samples, 2.0, d);
        Assert.Equal(Bits(expected), Bits(value));
        for (int i = 0; i < X.Length; i++) Assert.Equal(1 + 2 * g[i], d[i], 12);

        double[] direction = { 0.3, -0.2, 0.9, 1.1, -0.5 };
        var (pv, tangent) = t.GetMethod("VariancePushforward")!.CreateDelegate<Pushforward>()(samples, direction);
        Assert.Equal(Bits(expected), Bits(pv));
        double reverse = g.Zip(direction, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
        Assert.Equal(X, samples); // read in place, never written
    }

    [Fact]
    public void ReadOnlyListAndIListInputs()
    {
        Type t = Program;
        double[] w = { 0.5, 1.5, -2.0, 1.0, 0.25 };
        IReadOnlyList<double> x = new List<double>(X);
        var f = t.GetMethod("WeightedLogSum")!.CreateDelegate<Func<IReadOnlyList<double>, double[], double>>();
        var gradient = (ITuple)t.GetMethod("WeightedLogSumGradient")!.Invoke(null, new object[] { x, w })!;
        Assert.Equal(Bits(f(x, w)), Bits((double)gradient[0]!));
        FiniteDifference.AssertGradient(v => f(v, w), X, (double[])gradient[1]!);
        FiniteDifference.AssertGradient(v => f(x, v), w, (double[])gradient[2]!);
        // An array is an IReadOnlyList too: the same derivatives.
        var fromArray = (ITuple)t.GetMethod("WeightedLogSumGradient")!.Invoke(null, new object[] { X.ToArray(), w })!;
        Assert.Equal((double[])gradient[1]!, (double[])fromArray[1]!);

        var horner = t.GetMethod("Horner")!.CreateDelegate<Func<IList<double>, double, double>>();
        IList<double> c = new List<double>(X);
        var hg = (ITuple)t.GetMethod("HornerGradient")!.Invoke(null, new object[] { c, 0.8 })!;
        Assert.Equal(Bits(horner(c, 0.8)), Bits((double)hg[0]!));
        // d p / d c_i = t^i.
        double[] dc = (double[])hg[1]!;
        for (int i = 0; i < X.Length; i++) Assert.Equal(Math.Pow(0.8, i), dc[i], 12);
        FiniteDifference.AssertGradient(v => horner(c, v[0]), new[] { 0.8 }, new[] { (double)hg[2]! });
    }

    [Fact]
    public void ANullListThrowsInsteadOfReadingAnEmptySpan()
    {
        // CollectionsMarshal.AsSpan(null) is an empty span: without a check the derivatives would return NaN where the
        // user's method throws (NullReferenceException at samples.Count).
        Type t = Program;
        Assert.Throws<NullReferenceException>(() => t.GetMethod("Variance")!.CreateDelegate<Func<List<double>, double>>()(null!));
        Assert.Throws<ArgumentNullException>(() => t.GetMethod("VariancePullback")!.CreateDelegate<Pullback>()(null!, 1.0, Span<double>.Empty));
        Assert.Throws<ArgumentNullException>(() => t.GetMethod("VariancePushforward")!.CreateDelegate<Pushforward>()(null!, ReadOnlySpan<double>.Empty));
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => t.GetMethod("VarianceGradient")!.Invoke(null, new object?[] { null }));
        Assert.IsType<NullReferenceException>(e.InnerException);
    }

    private const string Rewrite = "a [Differentiable] method reads its list in place (xs[i], xs.Count, foreach), as a span of its elements; " +
                                   "to change or pass on the values, copy them into a local array first (var a = new double[xs.Count]; for (…) a[i] = xs[i];)";

    [Fact]
    public Task AddingToTheListIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Collections.Generic;
        using SourceAD;

        public static partial class Lists
        {
            [Differentiable]
            public static double Grow(List<double> xs, double x)
            {
                {|#0:xs.Add(x)|};
                return xs[xs.Count - 1] * x;
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Changing the List<> parameter 'xs' ('Add')", Rewrite)).RunAsync();

    [Fact]
    public Task WritingAnElementIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Collections.Generic;
        using SourceAD;

        public static partial class Lists
        {
            [Differentiable]
            public static double Scale(List<double> xs, double x)
            {
                {|#0:xs[0]|} = x;
                return xs[0] * x;
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Writing to the List<> parameter 'xs'", Rewrite)).RunAsync();

    [Fact]
    public Task PassingTheListOnIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public static partial class Lists
        {
            [Differentiable]
            public static double Total(List<double> xs, double x) => x * {|#0:xs.Sum()|};
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Passing the List<> parameter 'xs' to 'Sum'", Rewrite)).RunAsync();
}
