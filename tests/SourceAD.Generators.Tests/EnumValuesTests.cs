using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>foreach (Kind k in Enum.GetValues&lt;Kind&gt;())</c> (round 18's EnumSwitchWhenGuard, refused before): the enum's
/// values are a data alias bound at the top, walked like a static table, with the loop variable passed to a helper that
/// switches on it and used in a <c>switch</c> with a <c>when</c> guard; and <c>(int)k</c>, an enum cast to a number,
/// whose generated code did not compile (it printed as <c>int.CreateTruncating(k)</c>, CS0315). Checked by the
/// generated <c>CheckDerivatives</c> and against the closed form.
/// </summary>
public class EnumValuesTests() : SourceProgramTests(Source, "Shapes")
{
    private const string Source = """
        using System;
        using SourceAD;

        public enum Kind { Linear, Quadratic, Exponential }

        public static partial class Shapes
        {
            static double Eval(double x, Kind k) => k switch
            {
                Kind.Linear => 2 * x,
                Kind.Quadratic => x * x,
                _ => Math.Exp(x),
            };

            [Differentiable]
            public static double Total(double a)
            {
                double s = 0;
                foreach (Kind k in Enum.GetValues<Kind>())
                {
                    switch (k)
                    {
                        case Kind.Quadratic when a > 0:
                            s += 3 * Eval(a, k);
                            break;
                        default:
                            s += Eval(a, k);
                            break;
                    }
                }
                foreach (var k in Enum.GetValues<Kind>()) s += (int)k * a;
                return s;
            }
        }
        """;

    [Theory]
    [InlineData(0.6)]
    [InlineData(-0.4)]
    public void EveryValueIsVisited(double a)
    {
        var report = (DerivativeCheckReport)Program.GetMethod("TotalCheckDerivatives")!.Invoke(null, new object?[] { a, null })!;
        Assert.True(report.Passed, report.ToString());
        double expected = 2 + (a > 0 ? 3 : 1) * 2 * a + Math.Exp(a) + (0 + 1 + 2);
        Assert.Equal(expected, (double)((ITuple)Program.GetMethod("TotalGradient")!.Invoke(null, new object[] { a })!)[1]!, 12);
    }
}
