using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>foreach</c> over a LINQ query: <c>Enumerable.Range</c>, a Where or Select chain, a Zip with a selector or .NET
/// 6's tuple Zip (deconstructed, or a tuple local; its pairs also feed Where and Sum lambdas), a tuple-yielding Select deconstructed (<c>foreach (var (v, i) in x.Select((v, i) =&gt; (v, i)))</c>), a query held in a local, with <c>continue</c>, <c>break</c> and <c>return</c> in the body. Each is the query's loop with the
/// body inside it; checked by the value oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class ForEachQueryTests() : SourceProgramTests(Source, "Loops")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Loops
        {
            private static readonly double[] Reference = { 0.9, 0.4, 1.1, 0.2, 0.8, 0.6 };

            [Differentiable]
            public static double Lagged(double[] x)
            {
                double s = 0;
                foreach (int i in Enumerable.Range(1, x.Length - 1)) s += x[i] * x[i - 1];
                return s;
            }

            [Differentiable]
            public static double FilteredWithBreak(double[] x)
            {
                double s = 0;
                foreach (var v in x.Where(v => v > 0.5))
                {
                    if (v > 1.2) break;
                    s += Math.Log(v) * x[0];
                }
                return s;
            }

            [Differentiable]
            public static double Residuals(double[] x)
            {
                double s = 0;
                foreach (double d in x.Zip(Reference, (a, b) => a - b)) s += d * d;
                var squares = x.Select(v => v * v);
                foreach (var q in squares)
                {
                    if (q < 0.36) continue;
                    s += q * x[1];
                }
                return s;
            }

            [Differentiable]
            public static double Pairs(double[] x)
            {
                double s = x.Zip(Reference).Where(p => p.First > p.Second).Sum(p => p.First * p.Second);
                foreach (var (a, b) in x.Zip(Reference)) s += (a - b) * (a - b);
                foreach (var p in x.Zip(Reference))
                {
                    if (p.First < 0.7) s += Math.Sin(p.First) * p.Second;
                }
                return s / x.Zip(Reference).Count();
            }

            [Differentiable]
            public static double FirstLarge(double[] x)
            {
                foreach (var e in x.Select(Math.Exp))
                {
                    if (e > 3.0) return e * x[0];
                }
                return x[0];
            }

            // A tuple-yielding Select deconstructed by the foreach (round 17): value and index, a discard, a Where first.
            [Differentiable]
            public static double Discounted(double[] cash)
            {
                double pv = 0;
                foreach (var (c, t) in cash.Select((c, t) => (c, t)))
                {
                    pv += c / Math.Pow(1.05 + 0.1 * cash[0], t + 1);
                }
                foreach (var (sq, _) in cash.Where(v => v > 0.8).Select(v => (v * v, 1)))
                {
                    pv += Math.Sqrt(sq);
                }
                return pv;
            }
        }
        """;


    [Theory]
    [InlineData("Lagged", 5)]
    [InlineData("FilteredWithBreak", 6)]
    [InlineData("FilteredWithBreak", 3)]
    [InlineData("Residuals", 6)]
    [InlineData("Pairs", 5)]
    [InlineData("Pairs", 8)]
    [InlineData("FirstLarge", 4)]
    [InlineData("FirstLarge", 7)]
    [InlineData("Discounted", 1)]
    [InlineData("Discounted", 6)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);
}
