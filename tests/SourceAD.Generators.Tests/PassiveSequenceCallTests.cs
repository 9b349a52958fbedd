using System.Linq;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 20: a call that returns a sequence of numbers (an iterator helper with <c>yield return</c>) was lowered as a
/// passive call even when a differentiated value was its argument, so <c>Terms(x, n).Sum()</c> had a gradient of 0
/// (silently wrong). It is refused at the call with the rewrite to a filled array; the same sequence built from data
/// only stays a passive call. Also: <c>weights?[i] ?? 1.0</c> on an optional [NoDerivative] array is
/// <c>weights is null ? 1.0 : weights[i]</c> (it was refused with no rewrite), and its <c>= null</c> default is printed
/// <c>null!</c> in the generated members, whose parameter types lose the <c>?</c> (it warned CS8625: CompilesWithoutDiagnostics).
/// </summary>
public class PassiveSequenceCallTests() : SourceProgramTests(Source, "Sequences")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public static partial class Sequences
        {
            static IEnumerable<double> Scaled(double[] data, double k)
            {
                foreach (double d in data) yield return d * k;
            }

            [Differentiable]
            public static double DataSequence(double x, [NoDerivative] double[] data) => x * Scaled(data, 2.0).Sum();

            [Differentiable]
            public static double Weighted(double[] p, [NoDerivative] double[]? weights = null)
            {
                double s = 0;
                for (int i = 0; i < p.Length; i++) s += (weights?[i] ?? 1.0) * p[i] * p[i];
                return s;
            }
        }
        """;

    [Fact]
    public void AnIteratorOverADifferentiatedValueIsRefusedWithTheArrayRewrite()
    {
        const string refused = """
            using System.Collections.Generic;
            using System.Linq;
            using SourceAD;
            public static partial class Bad
            {
                static IEnumerable<double> Terms(double x, int n)
                {
                    double t = 1;
                    for (int k = 0; k < n; k++) { yield return t; t *= x / (k + 1); }
                }

                [Differentiable]
                public static double Exp(double x, [NoDerivative] int n) => Terms(x, n).Sum();
            }
            """;
        var refusals = GeneratorHarness.Refusals(refused);
        Assert.Contains(refusals, m => m.Contains("Terms(x, n)") && m.Contains("double[]"));
    }

    [Fact]
    public void ASequenceOfDataStaysPassive()
    {
        var report = (DerivativeCheckReport)Program.GetMethod("DataSequenceCheckDerivatives")!.Invoke(null, new object?[] { 1.5, new[] { 1.0, 2.0 }, null })!;
        Assert.True(report.Passed, report.ToString());
        var g = (ITuple)Program.GetMethod("DataSequenceGradient")!.Invoke(null, new object[] { 1.5, new[] { 1.0, 2.0 } })!;
        Assert.Equal(6.0, (double)g[1]!);
    }

    [Fact]
    public void NullConditionalElementWithDefault()
    {
        double[] p = { 1.0, -2.0, 0.5 };
        double[] w = { 0.5, 2.0, 3.0 };
        var withWeights = (ITuple)Program.GetMethod("WeightedGradient")!.Invoke(null, new object?[] { p, w })!;
        Assert.Equal(p.Select((v, i) => 2 * w[i] * v).ToArray(), (double[])withWeights[1]!);
        var without = (ITuple)Program.GetMethod("WeightedGradient")!.Invoke(null, new object?[] { p, null })!;
        Assert.Equal(p.Select(v => 2 * v).ToArray(), (double[])without[1]!);
    }
}
