using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Take</c>, <c>Skip</c> and <c>Reverse</c> over an array, under any query: a Horner fold over the first k
/// coefficients reversed (corpus FoldInBranchLoop was refused there), windows into Sum and Select with the index
/// overload, <c>foreach</c> over a Skip, <c>ToArray</c> of a tail, and counts outside [0, length] clamped as .NET
/// clamps them. Checked by the value oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class LinqWindowTests() : SourceProgramTests(Source, "Windows")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Windows
        {
            [Differentiable]
            public static double Horner(double[] c)
            {
                double t = c[0], total = 0;
                for (int k = 0; k < c.Length; k++) total += c.Take(k + 1).Reverse().Aggregate(0.0, (acc, ck) => acc * t + ck);
                return total;
            }

            [Differentiable]
            public static double Middle(double[] x) =>
                x.Skip(1).Take(3).Sum(v => v * v) + x.Reverse().Skip(1).Select((v, i) => v * (i + 1)).Sum() + x.Take(-2).Sum() + x.Skip(99).Count();

            [Differentiable]
            public static double Tail(double[] x)
            {
                double s = 0;
                foreach (var v in x.Skip(2).Reverse()) s = s * 0.5 + Math.Sin(v);
                double[] last = x.Skip(x.Length - 2).ToArray();
                return s + last[0] * last[1] + last.Length;
            }
        }
        """;

    [Theory]
    [InlineData("Horner", 5)]
    [InlineData("Middle", 6)]
    [InlineData("Middle", 2)]
    [InlineData("Tail", 5)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);
}
