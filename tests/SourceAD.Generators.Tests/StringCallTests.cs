using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Instance calls on strings are passive (corpus LossModeString: <c>switch (mode.ToLowerInvariant())</c> was refused
/// as a call on another object): chained calls on a conditional receiver, predicates and an index from a string
/// constant, char arguments, and a string local reassigned in a loop (taped like any other local). The value oracle
/// checks that every generated member takes the branch the method takes; finite differences and the dot-product test
/// check the derivative of that branch.
/// </summary>
public class StringCallTests() : SourceProgramTests(Source, "Modes")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Modes
        {
            [Differentiable]
            public static double Chained(double[] x)
            {
                string mode = x.Length > 3 ? "  HUBER" : " LogCosh ";
                double total = 0;
                foreach (double v in x)
                {
                    switch (mode.Trim().ToLowerInvariant())
                    {
                        case "huber": total += Math.Abs(v) <= 0.5 ? 0.5 * v * v : 0.5 * (Math.Abs(v) - 0.25); break;
                        case "logcosh": total += Math.Log(Math.Cosh(v)); break;
                        default: throw new ArgumentException(mode);
                    }
                }
                return total;
            }

            [Differentiable]
            public static double Predicates(double[] x)
            {
                const string name = "softplus";
                double s = x[name.IndexOf('p') % x.Length] * name.IndexOf("plus", StringComparison.Ordinal);
                if (name.StartsWith("soft", StringComparison.Ordinal) && !name.Contains("max"))
                    s += Math.Log(1 + Math.Exp(x[0]));
                string upper = name.ToUpperInvariant();
                return upper.EndsWith("PLUS") ? s * x[^1] : s;
            }

            [Differentiable]
            public static double Reassigned(double[] x)
            {
                // The string changes every iteration: the reverse sweep reads each iteration's value from its tape.
                string s = "ab";
                double total = 0;
                for (int i = 0; i < 6; i++)
                {
                    s = s.Insert(0, i % 2 == 0 ? "x" : "yy");
                    int k = s.IndexOf('a');
                    total += x[k % x.Length] * total + x[i % x.Length] * (s.StartsWith('x') ? 2.0 : 0.5);
                    if (s.EndsWith("yab", StringComparison.Ordinal)) total *= x[1];
                }
                return total;
            }
        }
        """;

    [Theory]
    [InlineData("Chained", 5)]
    [InlineData("Chained", 3)]
    [InlineData("Predicates", 4)]
    [InlineData("Reassigned", 5)]
    [InlineData("Reassigned", 3)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);
}
