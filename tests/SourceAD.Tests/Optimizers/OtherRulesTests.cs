using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>AdamW, SGD, RMSprop+momentum and INNA against by-hand evaluations of their update rules.</summary>
public sealed class OtherRulesTests
{
    private const int Steps = 15;
    private static readonly double[] Start = [1.0, -0.5, 2.5, 0.125, -3, 0.75, 1.5, -1.25, 0.3, 4];

    private static double Gradient(double theta) => (2 * theta) + Math.Sin(3 * theta);

    private static double[] Run(UpdateRuleOptimizer<double> optimizer)
    {
        var theta = (double[])Start.Clone();
        for (var k = 0; k < Steps; k++)
        {
            optimizer.Step(theta, theta.Select(Gradient).ToArray());
        }

        return theta;
    }

    private static double[] ByHand(Func<double, int, double[], double> step, int stateSlots, Func<double, double[]>? init = null)
    {
        return Start.Select(theta0 =>
        {
            var state = init?.Invoke(theta0) ?? new double[stateSlots];
            var theta = theta0;
            for (var k = 1; k <= Steps; k++)
            {
                theta = step(theta, k, state);
            }

            return theta;
        }).ToArray();
    }

    [Fact]
    public void AdamW_matches_its_definition()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
        var expected = ByHand((theta, k, s) =>
        {
            var g = Gradient(theta);
            theta *= 1 - (wd * lr);
            s[0] = (b1 * s[0]) + ((1 - b1) * g);
            s[1] = (b2 * s[1]) + ((1 - b2) * (g * g));
            var mHat = s[0] / (1 - Math.Pow(b1, k));
            var vHat = s[1] / (1 - Math.Pow(b2, k));
            return theta - (lr * mHat / (Math.Sqrt(vHat) + eps));
        }, 2);
        AssertClose(expected, Run(new AdamW<double>(lr, b1, b2, eps, wd)));
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.9)]
    public void Sgd_with_momentum_and_nesterov_matches_its_definition(bool nesterov, double dampening)
    {
        const double lr = 0.02, mu = 0.9, wd = 0.01;
        var expected = ByHand((theta, k, s) =>
        {
            var g = Gradient(theta);
            theta *= 1 - (wd * lr);
            s[0] = (mu * s[0]) + ((1 - dampening) * g);
            return theta - (lr * (nesterov ? g + (mu * s[0]) : s[0]));
        }, 1);
        AssertClose(expected, Run(new Sgd<double>(lr, momentum: mu, dampening: dampening, nesterov: nesterov, weightDecay: wd)));
    }

    [Fact]
    public void Plain_sgd_matches_its_definition()
    {
        var expected = ByHand((theta, k, s) => theta - (0.05 * Gradient(theta)), 0);
        AssertClose(expected, Run(new Sgd<double>(0.05)));
    }

    [Fact]
    public void RmsProp_with_momentum_matches_thesis_table_4_5()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-8;
        var expected = ByHand((theta, k, s) =>
        {
            var g = Gradient(theta);
            s[1] = (b2 * s[1]) + ((1 - b2) * (g * g));
            s[0] = (b1 * s[0]) + (g / Math.Sqrt(s[1] + eps));
            return theta - (lr * s[0]);
        }, 2, _ => [0.0, 1.0]); // Table 4.5: v₀ = 1, m₀ = 0
        AssertClose(expected, Run(new RmsProp<double>(lr, b1, b2, eps)));
    }

    [Fact]
    public void Inna_matches_thesis_table_4_5()
    {
        const double lr = 0.05, alpha = 0.5, beta = 0.1;
        var expected = ByHand((theta, k, s) =>
        {
            var g = Gradient(theta);
            var psi = s[0];
            s[0] = psi + (lr * ((((1 / beta) - alpha) * theta) - (psi / beta)));
            return theta + (lr * ((((1 / beta) - alpha) * theta) - (psi / beta) - (beta * g)));
        }, 1, theta0 => [(1 - (alpha * beta)) * theta0]); // ψ₀ = (1 − αβ)θ₀
        AssertClose(expected, Run(new Inna<double>(lr, alpha, beta)));
    }

    [Fact]
    public void Half_precision_runs_the_scalar_path_and_tracks_double()
    {
        var half = new Innaprop<Half>(lr: 0.01);
        var reference = new Innaprop<double>(lr: 0.01);
        var h = Start.Select(t => (Half)t).ToArray();
        var d = h.Select(t => (double)t).ToArray();
        for (var k = 0; k < 5; k++)
        {
            half.Step(h, h.Select(t => (Half)Gradient((double)t)).ToArray());
            reference.Step(d, d.Select(Gradient).ToArray());
        }

        for (var i = 0; i < d.Length; i++)
        {
            Assert.True(Math.Abs((double)h[i] - d[i]) <= 0.01 * Math.Max(1, Math.Abs(d[i])), $"element {i}: {h[i]} vs {d[i]}");
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var relative = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 1e-300);
            Assert.True(relative <= 1e-14, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
