using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Sorting inside a [Differentiable] method, as statistics code does it: <c>Array.Sort</c> of a copy (median, trimmed
/// mean), <c>span.Sort()</c> of a slice, sorting in a loop. Sort permutes its input, so each derivative moves with its
/// value: checked by the value oracle (bit for bit, NaN-free inputs with distinct values), finite differences, the
/// dot-product test, and closed forms (the median's gradient is the one-hot of the middle entry). At a tie the rules
/// take the stable sort's permutation.
/// </summary>
public class SortTests() : SourceProgramTests(Source, "Order")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Order
        {
            [Differentiable]
            public static double Median(double[] x)
            {
                var s = (double[])x.Clone();
                Array.Sort(s);
                return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
            }

            [Differentiable]
            public static double TrimmedMean(double[] x)
            {
                var s = new double[x.Length];
                for (int i = 0; i < x.Length; i++) s[i] = x[i] * x[i] - x[i];
                s.AsSpan().Sort();
                double sum = 0;
                for (int i = 1; i < s.Length - 1; i++) sum += s[i] * (i + 1);
                return sum / (s.Length - 2);
            }

            [Differentiable]
            public static double SortedTail(double[] x)
            {
                var s = x.ToArray();
                for (int round = 0; round < 2; round++)
                {
                    Array.Sort(s);
                    s.AsSpan(1, s.Length - 1).Sort();
                    for (int i = 0; i < s.Length; i++) s[i] = Math.Sin(s[i] + round);
                }
                return s[0] * 2 + s[s.Length - 1];
            }
        }
        """;

    private static readonly double[] X = { 0.7, -1.3, 2.2, 0.05, -0.4, 1.6, 0.9 };

    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    [Theory]
    [InlineData("Median")]
    [InlineData("TrimmedMean")]
    [InlineData("SortedTail")]
    public void ValueOracleFiniteDifferencesAndDotProduct(string name)
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double[], double>>();
        double[] x = (double[])X.Clone();
        double expected = f(x);
        Assert.Equal(X, x); // the method sorts copies, never its input
        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { x })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        double[] dx = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(f, x, dx);
        double[] direction = { 0.3, -0.2, 0.9, 1.1, -0.5, 0.25, -0.75 };
        var (value, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>()(x, direction);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        double reverse = dx.Zip(direction, (g, u) => g * u).Sum();
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{name}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Fact]
    public void MediansGradientIsTheMiddleEntry()
    {
        var gradient = (ITuple)Program.GetMethod("MedianGradient")!.Invoke(null, new object[] { X })!;
        // Sorted: -1.3, -0.4, 0.05, 0.7, 0.9, 1.6, 2.2: the median 0.7 is X[0].
        Assert.Equal(new[] { 1.0, 0, 0, 0, 0, 0, 0 }, (double[])gradient[1]!);
    }

    [Fact]
    public void TiesTakeTheStableSortsPermutation()
    {
        // Entries 1 and 3 tie; the stable order sends the lower index first, so an even-length median of
        // (1, 2, 2, 5) averages the tied pair: each of x[1] and x[3] gets 0.5.
        var gradient = (ITuple)Program.GetMethod("MedianGradient")!.Invoke(null, new object[] { new[] { 5.0, 2.0, 1.0, 2.0 } })!;
        Assert.Equal(new[] { 0, 0.5, 0, 0.5 }, (double[])gradient[1]!);
        // Odd length, the tie at the middle: (3, 1, 3) sorts to (1, 3, 3); the stable permutation puts x[0] in the middle.
        gradient = (ITuple)Program.GetMethod("MedianGradient")!.Invoke(null, new object[] { new[] { 3.0, 1.0, 3.0 } })!;
        Assert.Equal(new[] { 1.0, 0, 0 }, (double[])gradient[1]!);
    }

    [Fact]
    public Task SortingAnInputIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class Order
        {
            [Differentiable]
            public static double Largest(double[] x)
            {
                {|#0:Array.Sort(x)|};
                return x[x.Length - 1];
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Writing to the input array 'x'", "inputs are read-only here: copy into a local array, or declare the parameter Span<T> to make it an output")).RunAsync();
}
