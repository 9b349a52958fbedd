using System.Linq;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 19: <c>x.OrderBy(v =&gt; v).ToArray()</c> and <c>x.Select(…).OrderBy(d =&gt; d).ToArray()</c> are the query's
/// values sorted as <c>Array.Sort</c> sorts a copy (SortRules moves each derivative with its value); they were refused
/// as "an array initialization". A key selector other than the identity stays refused, its rewrite the sort of a copy.
/// </summary>
public class OrderByToArrayTests() : SourceProgramTests(Source, "Ranked")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Ranked
        {
            [Differentiable]
            public static double RankWeighted(double[] x, double k)
            {
                double[] s = x.OrderBy(v => v).ToArray();
                double[] t = x.Select(v => k * v * v).OrderBy(d => d).ToArray();
                double r = 0;
                for (int i = 0; i < s.Length; i++) r += (i + 1) * s[i] + t[i] / (i + 1);
                return r;
            }

            [Differentiable]
            public static double ZeroSigns(double[] x, double k)
            {
                double[] s = x.OrderBy(v => v).ToArray();
                double r = 0;
                for (int i = 0; i < s.Length; i++) r += Math.Atan2(s[i], -1.0) * (i + 1);
                return r * k;
            }
        }
        """;

    [Fact]
    public void SortedCopiesCarryEachDerivativeWithItsValue()
    {
        double[] x = { 0.5, -1.5, 2.0, 1.25 };
        double k = 0.7;
        var report = (DerivativeCheckReport)Program.GetMethod("RankWeightedCheckDerivatives")!.Invoke(null, new object?[] { x, k, null })!;
        Assert.True(report.Passed, report.ToString());
        var g = (ITuple)Program.GetMethod("RankWeightedGradient")!.Invoke(null, new object[] { x, k })!;
        int[] rank = x.Select(v => x.Count(w => w < v)).ToArray();
        double[] sq = x.Select(v => v * v).ToArray();
        int[] rankSq = sq.Select(v => sq.Count(w => w < v)).ToArray();
        double[] expected = x.Select((v, j) => rank[j] + 1 + 2 * k * v / (rankSq[j] + 1)).ToArray();
        Assert.Equal(expected, (double[])g[1]!, new RoundedComparer());
        Assert.Equal(sq.Select((v, j) => v / (rankSq[j] + 1)).Sum(), (double)g[2]!, 12);
    }

    // OrderBy is stable and −0 and +0 compare equal, so its values can differ in bits from Array.Sort's (not stable);
    // Atan2(±0, −1) = ±π makes the sign of each sorted zero visible. A sort with Array.Sort's order failed this
    // (found in review of round 19).
    [Fact]
    public void SortedValuesAreOrderBysBitForBit()
    {
        var random = new Random(0);
        double[] x = Enumerable.Range(0, 40).Select(_ => random.Next(3) switch { 0 => 0.0, 1 => -0.0, _ => random.Next(5) - 2.0 }).ToArray();
        double[] unstable = (double[])x.Clone();
        Array.Sort(unstable);
        Assert.NotEqual(x.OrderBy(v => v).Select(BitConverter.DoubleToInt64Bits), unstable.Select(BitConverter.DoubleToInt64Bits));

        double expected = (double)Program.GetMethod("ZeroSigns")!.Invoke(null, new object[] { x, 0.5 })!;
        var g = (ITuple)Program.GetMethod("ZeroSignsGradient")!.Invoke(null, new object[] { x, 0.5 })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)g[0]!));
        Assert.Equal(expected / 0.5, (double)g[2]!, 12);
    }

    [Fact]
    public void AKeySelectorIsRefused()
    {
        const string refused = """
            using System.Linq;
            using SourceAD;
            public static partial class Bad
            {
                [Differentiable]
                public static double Top(double[] x) { double[] s = x.OrderBy(v => -v).ToArray(); return s[0]; }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("Array.Sort(s)"));
    }

    private sealed class RoundedComparer : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
