using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>ToArray()</c> of a query into a local array: weights from <c>Enumerable.Range(…).Select(…)</c>, the kept values
/// of a Where (an array of exactly the kept length, as .NET returns), indices picked by a Where over a Range (corpus
/// SelectToArray was refused at the initialization). Checked by the value oracle, finite differences and the dot-product
/// test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class LinqToArrayTests() : SourceProgramTests(Source, "Arrays")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Arrays
        {
            [Differentiable]
            public static double Weights(double[] x)
            {
                double[] w = Enumerable.Range(0, x.Length).Select(i => Math.Exp(-x[0] * i)).ToArray();
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                return s / w.Sum();
            }

            [Differentiable]
            public static double Kept(double[] x)
            {
                double[] logs = x.Where(v => v > 0.6).Select(v => Math.Log(v)).ToArray();
                if (logs.Length == 0) return x[0];
                return logs.Sum() * logs.Length + logs[0] * x[1];
            }

            [Differentiable]
            public static double Picked(double[] x)
            {
                int[] large = Enumerable.Range(0, x.Length).Where(i => x[i] > 0.8).ToArray();
                double s = x[0];
                foreach (int k in large) s += x[k] * x[k] * (k + 1);
                return s;
            }
        }
        """;


    [Theory]
    [InlineData("Weights", 5)]
    [InlineData("Kept", 6)]
    [InlineData("Kept", 2)]
    [InlineData("Picked", 7)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);
}
