using SourceAD.Generators.Cost;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// SRCAD1002 (pullback over Theorem 3's bound) stays quiet on simple code written by hand, not only on the library calls
/// CostMemoryTests covers: a clamp spelled with ?: or Min/Max, a square root inside arithmetic, a norm, and a small
/// helper inlined into a loop (issue 13), whose pullback Theorem 3 says exists within the bound.
/// </summary>
public class CostBoundHandWrittenTests
{
    private static CostFigures Analyze(string body, string method = "F") => CostHarness.Analyze(CostHarness.Class(body), method);

    [Theory]
    [InlineData("public static double F(double x, double lo, double hi) => x < lo ? lo : x > hi ? hi : x;")]
    [InlineData("public static double F(double x) => Math.Min(Math.Max(x, 0.0), 1.0);")]
    [InlineData("public static double F(double x, double y) => Math.Sqrt(x * x + y * y);")]
    [InlineData("public static double F(double x) => 1.0 / Math.Sqrt(1 + x * x);")]
    [InlineData("""
        public static double F(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
            return Math.Sqrt(s);
        }
        """)]
    [InlineData("""
        public static double F(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += Clip(x[i]);
            return s;
        }

        [Differentiable]
        public static double Clip(double v) => v < -1 ? -1 : v > 1 ? 1 : v;
        """)]
    public void SRCAD1002_QuietOnHandWrittenSimpleCode(string method)
    {
        var f = Analyze("[Differentiable] " + method);
        Assert.False(f.ExceedsBound, f.Message() + " / " + f.Responsible);
    }
}
