using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Second order through a passive call of real scalars (a constant of the method's data, like GMM's Wishart term): the
/// dual sweep gives the call its arguments' values, whether they print as duals (a [NoDerivative] parameter) or as
/// reals (a literal, a static field). Checked against the closed-form Hessian.
/// </summary>
public class PassiveCallSecondOrderTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class PassiveCalls
        {
            private static readonly double Offset = 0.25;

            // A plain helper of data only: called with inactive arguments, it is a constant of x.
            public static double Scale(double c, double k, double o) => Math.Log(c) + k * o;

            [Differentiable]
            public static double F(double x, [NoDerivative] double c) => x * x * x * Scale(c, 2.0, Offset);
        }
        """;

    [Fact]
    public void HessianVectorProductMatchesTheClosedForm()
    {
        Type t = GeneratorHarness.Load(Source).GetType("PassiveCalls")!;
        double x = 0.7, c = 1.9, v = -1.3;
        var hvp = (ITuple)t.GetMethod("FHessianVectorProduct")!.Invoke(null, new object[] { x, c, v })!;
        double scale = Math.Log(c) + 2.0 * 0.25;
        Assert.Equal((double)t.GetMethod("F")!.Invoke(null, new object[] { x, c })!, (double)hvp[0]!);
        Assert.Equal(3 * x * x * scale, (double)hvp[1]!, 12);
        Assert.Equal(6 * x * scale * v, (double)hvp[2]!, 12);
    }
}
