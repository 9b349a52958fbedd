using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>INNAprop against a by-hand evaluation of thesis Algorithm 3 in double.</summary>
public sealed class InnapropAlgorithm3Tests
{
    private const double RelativeTolerance = 1e-15;

    /// <summary>
    /// Algorithm 3 for one coordinate, written straight from the thesis, on f(θ) = θ² (g = 2θ).
    /// Returns θ_1..θ_K.
    /// </summary>
    private static double[] HandEvaluation(double theta0, double lr, double alpha, double beta, double sigma, double eps, double lambda, int steps)
    {
        var theta = theta0;
        var v = 0.0;
        var psi = (1 - (alpha * beta)) * theta0; // line 5: ψ₀ from θ₀, before any weight decay
        var trajectory = new double[steps];
        for (var k = 1; k <= steps; k++)
        {
            var g = 2 * theta;                                   // line 7
            var gamma = lr;                                      // line 8
            theta = (1 - (lambda * gamma)) * theta;              // line 9
            v = (sigma * v) + ((1 - sigma) * (g * g));           // line 10
            var vHat = v / (1 - Math.Pow(sigma, k));             // line 11
            psi = ((1 - (gamma / beta)) * psi) + (gamma * ((1 / beta) - alpha) * theta); // line 12
            theta = ((1 + (gamma * (1 - (alpha * beta)) / (beta - gamma))) * theta)
                - (gamma / (beta - gamma) * psi)
                - (gamma * beta * g / (Math.Sqrt(vHat) + eps)); // line 13
            trajectory[k - 1] = theta;
        }

        return trajectory;
    }

    [Theory]
    [InlineData(0.1, 0.9, 0.01, 0.05)]
    [InlineData(2.0, 2.0, 0.01, 0.05)]
    [InlineData(0.1, 0.9, 0.1, 0.2)]
    [InlineData(2.0, 2.0, 0.5, 0.3)]
    public void Matches_Algorithm3_on_theta_squared(double alpha, double beta, double weightDecay, double lr)
    {
        const int Steps = 25;
        var expected = HandEvaluation(1.0, lr, alpha, beta, 0.999, 1e-8, weightDecay, Steps);
        var optimizer = new Innaprop<double>(lr: lr, alpha: alpha, beta: beta, sigma: 0.999, eps: 1e-8, weightDecay: weightDecay);
        var theta = new[] { 1.0 };
        for (var k = 0; k < Steps; k++)
        {
            optimizer.Step(theta, new[] { 2 * theta[0] });
            AssertRelative(expected[k], theta[0], k + 1);
        }
    }

    [Theory]
    [InlineData(0.1, 0.9)]
    [InlineData(2.0, 2.0)]
    public void Vector_lanes_and_tail_match_Algorithm3_for_every_element(double alpha, double beta)
    {
        // Long enough for several Vector<double> iterations plus a scalar tail, with a different θ₀ per lane.
        const int Length = 53, Steps = 12;
        var theta = Enumerable.Range(0, Length).Select(i => (i % 2 == 0 ? 1 : -1) * (0.25 + (i / 7.0))).ToArray();
        var expected = theta.Select(t0 => HandEvaluation(t0, 0.07, alpha, beta, 0.99, 1e-8, 0.01, Steps)).ToArray();
        var optimizer = new Innaprop<double>(lr: 0.07, alpha: alpha, beta: beta, sigma: 0.99, weightDecay: 0.01);
        var g = new double[Length];
        for (var k = 0; k < Steps; k++)
        {
            for (var i = 0; i < Length; i++)
            {
                g[i] = 2 * theta[i];
            }

            optimizer.Step(theta, g);
            for (var i = 0; i < Length; i++)
            {
                AssertRelative(expected[i][k], theta[i], k + 1);
            }
        }
    }

    [Fact]
    public void State_starts_at_v0_zero_and_psi0_from_theta0_before_weight_decay()
    {
        var optimizer = new Innaprop<double>(lr: 0.1, alpha: 0.5, beta: 0.9, weightDecay: 0.5);
        var theta = new[] { 3.0 };
        optimizer.Step(theta, new[] { 0.0 });

        // With g = 0, v stays 0 and line 12 gives ψ₁ = (1 − γ/β)ψ₀ + γ(1/β − α)(1 − λγ)θ₀, where ψ₀ = (1 − αβ)θ₀.
        var psi0 = (1 - (0.5 * 0.9)) * 3.0;
        var decayed = (1 - (0.5 * 0.1)) * 3.0;
        var psi1 = ((1 - (0.1 / 0.9)) * psi0) + (0.1 * ((1 / 0.9) - 0.5) * decayed);
        Assert.Equal(0.0, optimizer.V[0]);
        AssertRelative(psi1, optimizer.Psi[0], 1);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void Defaults_are_the_thesis_settings()
    {
        var optimizer = new Innaprop<float>();
        Assert.Equal("Constant(lr=0.001)", optimizer.LearningRate.ToString());
        Assert.Equal((0.1, 0.9, 0.999, 1e-8, 0.01), (optimizer.Alpha, optimizer.Beta, optimizer.Sigma, optimizer.Epsilon, optimizer.WeightDecay));
        var longRun = Innaprop<float>.LongTraining();
        Assert.Equal((2.0, 2.0), (longRun.Alpha, longRun.Beta));
        var early = Innaprop<float>.FastEarlyTraining();
        Assert.Equal((0.1, 0.9), (early.Alpha, early.Beta));
    }

    private static void AssertRelative(double expected, double actual, int step)
    {
        var relative = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(relative <= RelativeTolerance, $"step {step}: expected {expected:R}, got {actual:R} (relative error {relative:E2})");
    }
}
