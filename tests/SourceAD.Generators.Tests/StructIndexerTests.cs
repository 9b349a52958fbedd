using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 19: a struct's own indexer (<c>public double this[int i] =&gt; i switch { … }</c>, or a block-bodied getter) read
/// in a [Differentiable] method is its getter inlined with the index as its argument, as a computed property is; it
/// was refused with "see generators/README.md". The index is a loop counter, so each read picks its member at run time.
/// </summary>
public class StructIndexerTests() : SourceProgramTests(Source, "Indexed")
{
    private const string Source = """
        using System;
        using SourceAD;

        public struct Pair3
        {
            public double A, B, C;
            public Pair3(double a, double b, double c) { A = a; B = b; C = c; }
            public double this[int i] => i switch { 0 => A, 1 => B, _ => C };
        }

        public readonly record struct Duo(double P, double Q)
        {
            public double this[int i]
            {
                get
                {
                    if (i == 0) return P;
                    return Q * Q;
                }
            }
        }

        public static partial class Indexed
        {
            [Differentiable]
            public static double Weighted(double a, double b, double c)
            {
                var v = new Pair3(a, b * a, c);
                var d = new Duo(c, b);
                double s = 0;
                for (int i = 0; i < 3; i++) s += (i + 1) * v[i] + d[i % 2];
                return s;
            }
        }
        """;

    [Fact]
    public void IndexerGettersAreInlined()
    {
        double a = 0.7, b = -1.2, c = 2.5;
        var report = (DerivativeCheckReport)Program.GetMethod("WeightedCheckDerivatives")!.Invoke(null, new object?[] { a, b, c, null })!;
        Assert.True(report.Passed, report.ToString());
        var g = (ITuple)Program.GetMethod("WeightedGradient")!.Invoke(null, new object[] { a, b, c })!;
        // s = a + 2ab + 3c + (c + b² + c): d[0] = c, d[1] = b², d[2 % 2] = c.
        Assert.Equal(1 + 2 * b, (double)g[1]!, 12);
        Assert.Equal(2 * a + 2 * b, (double)g[2]!, 12);
        Assert.Equal(3 + 2.0, (double)g[3]!, 12);
    }
}
