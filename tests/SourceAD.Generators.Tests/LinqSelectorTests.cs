using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// LINQ sums and means with a selector lambda (<c>a.Sum(v =&gt; v * v)</c>, <c>a.Select(v =&gt; …).Average()</c>): the
/// value is bit for bit what .NET computes and the gradient matches central finite differences and forward mode.
/// </summary>
public class LinqSelectorTests() : SourceProgramTests(Source, "Stats")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Stats
        {
            [Differentiable]
            public static double Energy(double[] x, double scale)
            {
                double mean = x.Average();
                double spread = x.Sum(v => (v - mean) * (v - mean));
                double rms = Math.Sqrt(x.Select(v => v * v * scale).Average());
                return spread + rms + x.Select(v => Math.Sin(v)).Sum();
            }

            [Differentiable]
            public static double Weighted(int[] counts, double w) => counts.Sum(c => c * w * w) / counts.Average(c => c + w);
        }
        """;

    [Fact]
    public void GradientMatchesFiniteDifferencesAndTheValueIsDotNets()
    {
        Type t = Program;
        var f = t.GetMethod("Energy")!.CreateDelegate<Func<double[], double, double>>();
        double[] x = { 0.4, -1.3, 2.2, 0.05, -0.7 };
        const double s = 1.7;
        var gradient = (ITuple)t.GetMethod("EnergyGradient")!.Invoke(null, new object[] { x, s })!;
        Assert.Equal(f(x, s), (double)gradient[0]!);
        double[] dx = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(at => f(at, s), x, dx);
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => f(x, at), s), (double)gradient[2]!, "∂/∂s");

        // Forward mode along (tx, ts) equals ⟨gradient, (tx, ts)⟩.
        double[] tx = { 0.3, -0.2, 0.9, 1.1, -0.5 };
        const double ts = 0.6;
        var pushforward = t.GetMethod("EnergyPushforward")!.CreateDelegate<Func<double[], double, ReadOnlySpan<double>, double, (double, double)>>();
        var (value, tangent) = pushforward(x, s, tx, ts);
        Assert.Equal(f(x, s), value);
        Assert.Equal(dx.Zip(tx, (p, q) => p * q).Sum() + (double)gradient[2]! * ts, tangent, 10);
    }

    [Fact]
    public void SelectorsOverIntegerArraysAreDifferentiatedInTheCapturedScalar()
    {
        Type t = Program;
        var f = t.GetMethod("Weighted")!.CreateDelegate<Func<int[], double, double>>();
        int[] counts = { 3, 0, 5, 2 };
        const double w = 0.8;
        var gradient = (ITuple)t.GetMethod("WeightedGradient")!.Invoke(null, new object[] { counts, w })!;
        Assert.Equal(f(counts, w), (double)gradient[0]!);
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => f(counts, at), w), (double)gradient[1]!, "∂/∂w");
    }

    [Fact]
    public void AnEmptyArrayThrowsAsLinqDoes()
    {
        var gradient = Program.GetMethod("EnergyGradient")!;
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => gradient.Invoke(null, new object[] { Array.Empty<double>(), 1.0 }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }
}
