using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Count</c>, <c>Any</c> and <c>All</c> with predicates that read active values, whose passive results steer
/// active code (corpus CountWhereAverage was refused at <c>scores.Count(s =&gt; s &gt;= threshold)</c>): the loops .NET
/// runs, Any and All stopping where .NET stops. Checked by the value oracle, finite differences and the dot-product test
/// (<see cref="ObjectiveChecks"/>), and at points where each answer flips.
/// </summary>
public class LinqPredicateTests() : SourceProgramTests(Source, "Tests")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Tests
        {
            [Differentiable]
            public static double Counted(double[] x)
            {
                int above = x.Count(v => v > 0.8);
                int all = x.Count();
                int squaredAbove = x.Select(v => v * v).Where(s => s > 0.5).Count();
                return x.Sum() * (above + 1) / all + squaredAbove * x[0];
            }

            [Differentiable]
            public static double Guarded(double[] x)
            {
                if (x.Any(v => v > 1.2)) return x.Max() * x[1];
                if (x.All(v => v > 0.5)) return x.Average();
                return Enumerable.Range(0, x.Length).Any(i => x[i] * i > 2) ? x[0] * x[0] : -x[0];
            }
        }
        """;


    [Theory]
    [InlineData("Counted", 5)]
    [InlineData("Guarded", 4)]
    [InlineData("Guarded", 6)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Theory]
    [InlineData(new[] { 0.3, 1.25, 0.9 })] // Any holds
    [InlineData(new[] { 0.6, 0.7, 0.9 })] // Any fails, All holds
    [InlineData(new[] { 0.3, 0.7, 1.1 })] // both fail, the Range query holds (1.1·2 > 2)
    [InlineData(new[] { 0.3, 0.7, 0.9 })] // every test fails
    public void EachAnswerMatchesTheMethod(double[] x)
    {
        var f = Program.GetMethod("Guarded")!.CreateDelegate<Func<double[], double>>();
        var gradient = Program.GetMethod("GuardedGradient")!.CreateDelegate<Func<double[], (double, double[])>>();
        var (value, dx) = gradient(x);
        Assert.Equal(f(x), value);
        FiniteDifference.AssertGradient(f, x, dx);
    }
}
