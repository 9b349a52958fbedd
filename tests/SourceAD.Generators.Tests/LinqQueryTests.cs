using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// LINQ queries as people write them: Zip, Enumerable.Range, Where, the index overload of Select, and Max/Min with a
/// selector, each ending in a floating aggregate. Every query is checked by the value oracle (bit for bit what .NET's
/// LINQ computes), central finite differences, the dot-product test, and a closed form where one is short.
/// </summary>
public class LinqQueryTests() : SourceProgramTests(Source, "Queries")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Queries
        {
            private static double Bump(double v) => v * Math.Sin(v);

            [Differentiable] public static double SelectSum(double[] x, double[] y) => x.Select(v => v * v).Sum() + y.Sum(v => Math.Sin(v));
            [Differentiable] public static double ZipDot(double[] x, double[] y) => x.Zip(y, (a, b) => a * b).Sum();
            [Differentiable] public static double MaxMin(double[] x, double[] y) => x.Max(v => Math.Abs(v)) + y.Select(v => v * 2).Min();
            [Differentiable] public static double RangeShifted(double[] x, double[] y) => Enumerable.Range(1, x.Length - 1).Sum(i => x[i] * y[i - 1]);
            [Differentiable] public static double Filtered(double[] x, double[] y) =>
                x.Where(v => v > 0).Select(v => Math.Log(v)).Average() + y.Where(v => v < x[0]).Sum(v => v * v);
            [Differentiable] public static double Indexed(double[] x, double[] y) => x.Select((v, i) => v * y[i] * (i + 1)).Sum();
            [Differentiable] public static double HelperSelector(double[] x, double[] y) => x.Sum(v => Bump(v)) * y.Average(v => v * v);
            [Differentiable] public static double Mse(double[] x, double[] y) => x.Zip(y, (p, t) => p - t).Select(d => d * d).Average();
            [Differentiable] public static double RangeMean(double[] x, double[] y) => Enumerable.Range(0, x.Length).Select(i => x[i] / y[i]).Average();

            // A query in a local runs where it is enumerated: the second and third read k after it changed.
            [Differentiable]
            public static double Deferred(double[] x, double[] y)
            {
                double k = y[0];
                var scaled = Enumerable.Range(0, x.Length).Select(i => x[i] * k);
                double before = scaled.Sum();
                k = y[1] * y[1];
                return before + scaled.Max() + scaled.Where(v => v > 0).Average();
            }
        }
        """;

    private static readonly double[] X = { 0.4, -1.3, 2.2, 0.05, -0.7 };
    private static readonly double[] Y = { 0.9, 0.3, -0.6, 1.4, -2.1 };

    public static TheoryData<string> Methods => new()
    {
        "SelectSum", "ZipDot", "MaxMin", "RangeShifted", "Filtered", "Indexed", "HelperSelector", "Mse", "RangeMean", "Deferred",
    };

    private delegate (double Value, double Tangent) Pushforward(double[] x, double[] y, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy);

    [Theory]
    [MemberData(nameof(Methods))]
    public void ValueIsLinqsAndDerivativesAgree(string name)
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double[], double[], double>>();
        double expected = f(X, Y);
        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { X, Y })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        double[] dx = (double[])gradient[1]!, dy = (double[])gradient[2]!;
        FiniteDifference.AssertGradient(at => f(at, Y), X, dx, "x");
        FiniteDifference.AssertGradient(at => f(X, at), Y, dy, "y");

        // Dot-product test: the pushforward along (tx, ty) is ⟨gradient, (tx, ty)⟩.
        double[] tx = { 0.3, -0.2, 0.9, 1.1, -0.5 }, ty = { -0.4, 0.8, 0.1, -1.2, 0.6 };
        var (value, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>()(X, Y, tx, ty);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        double reverse = dx.Zip(tx, (g, u) => g * u).Sum() + dy.Zip(ty, (g, u) => g * u).Sum();
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{name}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Fact]
    public void ClosedForms()
    {
        Type t = Program;
        // ZipDot: ∂/∂x = y, ∂/∂y = x. Mse: ∂/∂x = 2(x − y)/n = −∂/∂y. RangeShifted: ∂/∂x_i = y_{i−1}, ∂/∂y_j = x_{j+1}.
        var zip = (ITuple)t.GetMethod("ZipDotGradient")!.Invoke(null, new object[] { X, Y })!;
        Assert.Equal(Y, (double[])zip[1]!);
        Assert.Equal(X, (double[])zip[2]!);
        var mse = (ITuple)t.GetMethod("MseGradient")!.Invoke(null, new object[] { X, Y })!;
        for (int i = 0; i < X.Length; i++)
        {
            Assert.Equal(2 * (X[i] - Y[i]) / X.Length, ((double[])mse[1]!)[i], 14);
            Assert.Equal(-2 * (X[i] - Y[i]) / X.Length, ((double[])mse[2]!)[i], 14);
        }
        var shifted = (ITuple)t.GetMethod("RangeShiftedGradient")!.Invoke(null, new object[] { X, Y })!;
        Assert.Equal(new[] { 0.0 }.Concat(Y.Take(4)), (double[])shifted[1]!);
        Assert.Equal(X.Skip(1).Append(0), (double[])shifted[2]!);
    }

    [Fact]
    public void ZipStopsAtTheShorterArray()
    {
        Type t = Program;
        double[] longer = Y.Append(7.5).ToArray();
        var gradient = (ITuple)t.GetMethod("ZipDotGradient")!.Invoke(null, new object[] { X, longer })!;
        Assert.Equal(X.Zip(longer, (a, b) => a * b).Sum(), (double)gradient[0]!);
        Assert.Equal(X.Append(0), (double[])gradient[2]!);
    }

    [Fact]
    public void EmptyQueriesThrowAsLinqDoes()
    {
        MethodInfo mean = Program.GetMethod("FilteredGradient")!;
        // No positive x: Where(…).Average() over an empty sequence.
        var e = Assert.Throws<TargetInvocationException>(() => mean.Invoke(null, new object[] { new[] { -1.0, -2.0 }, Y }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        MethodInfo max = Program.GetMethod("MaxMinGradient")!;
        e = Assert.Throws<TargetInvocationException>(() => max.Invoke(null, new object[] { Array.Empty<double>(), Y }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        MethodInfo range = Program.GetMethod("RangeShiftedGradient")!;
        e = Assert.Throws<TargetInvocationException>(() => range.Invoke(null, new object[] { Array.Empty<double>(), Y }));
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public Task OtherUsesOfAQueryLocalAreRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Queries
        {
            [Differentiable]
            public static double MeanSquare(double[] x)
            {
                var squares = x.Select(v => v * v);
                return squares.Sum() / {|#0:squares|}.First();
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Using the query 'squares' other than as the source of Sum, Average, Max, Min, Aggregate, Count, Any or All", "end the query in one of them, or fill an array with a for loop")).RunAsync();

    [Fact]
    public Task OtherQueriesAreRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Queries
        {
            [Differentiable]
            public static double LargestPositive(double[] x) => {|#0:x.Where(v => v > 0)|}.Max();
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("The LINQ query 'x.Where(v => v > 0)'",
                "write it as a for loop, or as Sum/Average/Max/Min/Aggregate/Count/Any/All over an array, Enumerable.Range or Zip(a, b, (p, q) => …), with Select/Where and expression lambdas")).RunAsync();
}
