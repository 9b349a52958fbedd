using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>ToArray()</c> of a query into a local array: weights from <c>Enumerable.Range(…).Select(…)</c>, the kept values
/// of a Where (an array of exactly the kept length, as .NET returns), indices picked by a Where over a Range (corpus
/// SelectToArray was refused at the initialization), <c>Enumerable.Repeat(v, n).ToArray()</c>, and a static table passed to
/// <c>Array.BinarySearch</c>. Checked by the value oracle, finite differences and the dot-product
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

            // Enumerable.Repeat(v, n).ToArray(): an array started at a value (round 17), the value a varied one.
            [Differentiable]
            public static double Repeated(double[] x)
            {
                double[] w = Enumerable.Repeat(0.5 * x[0], x.Length).ToArray();
                w[1] += x[1];
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += w[i] * Math.Pow(x[i] + 1.0, 2.5);
                return s;
            }

            // A static readonly table passed whole to a passive call (Array.BinarySearch) as well as indexed (round 17).
            private static readonly double[] Knots = { 0.0, 0.5, 1.0, 2.0, 4.0 };

            [Differentiable]
            public static double Interpolated(double[] x)
            {
                double t = 3.0 * x[0];
                int idx = Array.BinarySearch(Knots, t);
                if (idx < 0) idx = ~idx - 1;
                idx = Math.Clamp(idx, 0, Knots.Length - 2);
                double u = (t - Knots[idx]) / (Knots[idx + 1] - Knots[idx]);
                return x[1 + idx] + u * (x[2 + idx] - x[1 + idx]);
            }
        }
        """;


    [Theory]
    [InlineData("Weights", 5)]
    [InlineData("Kept", 6)]
    [InlineData("Kept", 2)]
    [InlineData("Picked", 7)]
    [InlineData("Repeated", 4)]
    [InlineData("Interpolated", 6)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);
}
