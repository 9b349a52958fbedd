using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>goto case</c> and <c>goto default</c> closing a switch section (round 18; refused before): the target section's
/// body follows, forward, backward and in a chain, in a loop, and a section's locals in each copy. Each is checked by
/// its generated <c>CheckDerivatives</c> on every path and against the closed form. A goto that loops back to a section
/// already run, and a goto case inside a nested statement, stay refused.
/// </summary>
public class GotoCaseTests() : SourceProgramTests(Source, "Tiers")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Tiers
        {
            [Differentiable]
            public static double Fee(double x, int tier)
            {
                double r = 0;
                switch (tier)
                {
                    case 0:
                        r += x;
                        goto case 2;
                    case 1:
                        double t = x * x;
                        r += t;
                        break;
                    case 2:
                        r *= 3;
                        goto case 1;
                    case 3:
                        r = Math.Sin(x);
                        goto default;
                    default:
                        r += Math.Exp(x);
                        break;
                }
                return r;
            }

            [Differentiable]
            public static double Steps(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    switch (i % 3)
                    {
                        case 0:
                            s += x[i];
                            goto case 1;
                        case 1:
                            s *= 1.5;
                            break;
                        default:
                            s -= x[i] * x[i];
                            break;
                    }
                }
                return s;
            }
        }
        """;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void EachTierRunsTheSectionsItsGotosReach(int tier)
    {
        const double x = 0.7;
        var report = (DerivativeCheckReport)Program.GetMethod("FeeCheckDerivatives")!.Invoke(null, new object?[] { x, tier, null })!;
        Assert.True(report.Passed, report.ToString());
        double expected = tier switch
        {
            0 => 3 + 2 * x,
            1 => 2 * x,
            2 => 2 * x,
            3 => Math.Cos(x) + Math.Exp(x),
            _ => Math.Exp(x),
        };
        Assert.Equal(expected, (double)((ITuple)Program.GetMethod("FeeGradient")!.Invoke(null, new object[] { x, tier })!)[1]!, 12);
    }

    [Fact]
    public void GotoCaseInALoop()
    {
        var x = new[] { 0.5, -1.0, 2.0, 0.3, 1.2 };
        var report = (DerivativeCheckReport)Program.GetMethod("StepsCheckDerivatives")!.Invoke(null, new object?[] { x, null })!;
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void AGotoBackToARunSectionAndANestedGotoAreRefused()
    {
        const string refused = """
            using SourceAD;
            public static partial class Bad
            {
                [Differentiable]
                public static double Loop(double x, int k)
                {
                    double r = 0;
                    switch (k)
                    {
                        case 0:
                            r += x;
                            goto case 1;
                        case 1:
                            r *= x;
                            goto case 0;
                    }
                    return r;
                }

                [Differentiable]
                public static double Nested(double x, int k)
                {
                    double r = 0;
                    switch (k)
                    {
                        case 0:
                            if (x > 0) goto case 1;
                            r = x;
                            break;
                        case 1:
                            r = x * x;
                            break;
                    }
                    return r;
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("back to a section already run") && d.Message.Contains("loop"));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("goto and labels"));
    }
}
