using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A seeded <c>Random</c> created in the method (corpus MonteCarloFixedSeed was refused): draws in loops, as indices,
/// in short-circuit conditions, in a while condition, in a ?: branch, in a local function and in a LINQ selector. The
/// value oracle checks that every generated member draws the method's numbers in the method's order (one extra or
/// missing draw changes every value after it); finite differences and the dot-product test check the pathwise
/// derivative with the draws held fixed.
/// </summary>
public class RandomLocalTests() : SourceProgramTests(Source, "Draws")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Draws
        {
            [Differentiable]
            public static double Paths(double[] x)
            {
                var rng = new Random(7);
                double s = 0;
                for (int p = 0; p < 50; p++)
                {
                    double z = rng.NextDouble() - 0.5;
                    int k = rng.Next(x.Length);
                    s += Math.Exp(x[k] * z) + x[0] * z * z;
                }
                return s / 50;
            }

            [Differentiable]
            public static double Branches(double[] x)
            {
                var rng = new Random(x.Length);
                double s = x[0];
                int n = 0;
                while (rng.NextDouble() < 0.9 && n < 40)
                {
                    double u = n % 3 == 0 ? rng.NextDouble() : 0.5;
                    if (u > 0.3 || rng.Next(0, 4) == 2) s += x[n % x.Length] * u;
                    else s *= 1 + 0.01 * x[(n + 1) % x.Length];
                    rng.NextDouble();
                    n++;
                }
                return s;
            }

            [Differentiable]
            public static double Arms(double[] x)
            {
                var rng = new Random(5);
                double s = 0;
                for (int i = 0; i < 30; i++)
                {
                    int mode = rng.Next(4);
                    double u = mode switch
                    {
                        0 => rng.NextDouble(),
                        1 when rng.NextDouble() > 0.5 => 2 * rng.NextDouble(),
                        2 => x[i % x.Length],
                        _ => 0.25,
                    };
                    (double a, double b) = (rng.NextDouble(), u * x[0]);
                    s += Math.Max(a * x[i % x.Length], b) + (rng.Next(2) is 1 ? x[1] : rng.NextDouble());
                    s += x.Where(v => rng.NextDouble() < 0.5).Sum();
                }
                int k = 0;
                do { s += x[k % x.Length] * rng.NextDouble(); k++; } while (rng.NextDouble() < 0.7 && k < 50);
                return s;
            }

            [Differentiable]
            public static double Helpers(double[] x)
            {
                var rng = new Random(123);
                double Jitter(double v) => v * (1 + 0.1 * (rng.NextDouble() - 0.5));
                double s = 0;
                foreach (double v in x) s += Jitter(v) * Jitter(v);
                return s + Enumerable.Range(0, 20).Sum(i => x[i % x.Length] * rng.NextSingle());
            }
        }
        """;

    [Theory]
    [InlineData("Paths", 4)]
    [InlineData("Branches", 5)]
    [InlineData("Branches", 2)]
    [InlineData("Helpers", 6)]
    [InlineData("Arms", 3)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void GeneratorsWhoseDrawsDifferAreRefusedWithTheRewrite()
    {
        const string source = """
            using System;
            using SourceAD;

            public static partial class Refused
            {
                [Differentiable]
                public static double Unseeded(double x) { var rng = new Random(); return x * rng.NextDouble(); }

                [Differentiable]
                public static double Shared(double x) => x * Random.Shared.NextDouble();

                [Differentiable]
                public static double Passed(double x) { var rng = new Random(1); return x * Draw(rng); }

                [Differentiable]
                public static double Bytes(double x) { var rng = new Random(1); var b = new byte[2]; rng.NextBytes(b); return x * b[0]; }

                private static double Draw(Random r) => r.NextDouble();
            }
            """;
        List<string> refusals = GeneratorHarness.Refusals(source);
        string all = string.Join("\n", refusals);
        Assert.True(refusals.Any(m => m.Contains("The Random local 'rng' without a seed") && m.Contains("new Random(42)")), all);
        Assert.True(refusals.Any(m => m.Contains("Random.Shared")), all);
        Assert.True(refusals.Any(m => m.Contains("Passing the Random local 'rng' to 'Draw'")), all);
        Assert.True(refusals.Any(m => m.Contains("Calling 'NextBytes' on the Random local 'rng'")), all);
    }
}
