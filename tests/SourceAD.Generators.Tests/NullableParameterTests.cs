using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Optional parameters, as APIs declare them: <c>[NoDerivative] double? lambda = null</c> read with <c>??</c>,
/// <c>HasValue</c> and <c>Value</c> (data), and <c>double scale = 1.0</c> (differentiated). The Gradient form repeats
/// the defaults, so user code calls it as it calls the method. Checked by the value oracle and finite differences with
/// the nullable given and left out. Unmarked, a nullable parameter is refused with the rewrite (it would have no
/// derivative): corpus NullableDefaultParameter.
/// </summary>
public class NullableParameterTests() : SourceProgramTests(Source, "Ridge")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Ridge
        {
            [Differentiable]
            public static double Loss(double[] w, double[] x, [NoDerivative] double? lambda = null, double scale = 1.0)
            {
                double strength = lambda ?? 0.1;
                double fit = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = w[0] + w[1] * x[i] - 1;
                    fit += r * r;
                }
                if (lambda.HasValue && lambda.Value > 1) strength = 1;
                return scale * fit + strength * w[1] * w[1];
            }

            // Compiles only if LossGradient keeps the defaults.
            public static (double Value, double[] DW) Defaults(double[] w, double[] x)
            {
                var g = LossGradient(w, x);
                return (g.Value, g.DW);
            }
        }
        """;


    [Theory]
    [InlineData(null)]
    [InlineData(0.35)]
    [InlineData(2.5)]
    public void ValueAndGradientMatchTheMethod(double? lambda)
    {
        var loss = Program.GetMethod("Loss")!;
        var gradient = Program.GetMethod("LossGradient")!;
        double[] w = [0.4, -0.3], x = [1.0, 2.0, 3.0];
        double Loss(double[] v) => (double)loss.Invoke(null, [v, x, lambda, 1.5])!;
        var (value, dw, dx, dscale) = ((double, double[], double[], double))gradient.Invoke(null, [w, x, lambda, 1.5])!;
        Assert.Equal(Loss(w), value);
        FiniteDifference.AssertGradient(Loss, w, dw);
        FiniteDifference.AssertGradient(v => (double)loss.Invoke(null, [w, v, lambda, 1.5])!, x, dx);
        Assert.Equal((value - (lambda is > 1 ? 1 : lambda ?? 0.1) * w[1] * w[1]) / 1.5, dscale, 12);
    }

    [Fact]
    public void AnUnmarkedNullableParameterIsRefusedWithTheRewrite()
    {
        string unmarked = Source.Replace("[NoDerivative] double? lambda", "double? lambda");
        var refused = GeneratorHarness.Refusals(unmarked);
        Assert.Contains(refused, m => m.Contains("lambda") && m.Contains("[NoDerivative]"));
    }

    [Fact]
    public void TheGradientFormTakesTheDefaults()
    {
        double[] w = [0.4, -0.3], x = [1.0, 2.0];
        var (value, dw) = ((double, double[]))Program.GetMethod("Defaults")!.Invoke(null, [w, x])!;
        Assert.Equal((double)Program.GetMethod("Loss")!.Invoke(null, [w, x, null, 1.0])!, value);
        Assert.Equal(2, dw.Length);
    }
}
