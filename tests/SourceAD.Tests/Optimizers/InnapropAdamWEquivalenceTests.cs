using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>Thesis Appendix 4.5.1: INNAprop with α = β = 1 is AdamW with β₁ = 0.</summary>
public sealed class InnapropAdamWEquivalenceTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Alpha_beta_one_equals_AdamW_without_momentum_bit_for_bit(double weightDecay)
    {
        var schedule = new CosineWarmupSchedule(0.05, warmupSteps: 3, decaySteps: 40);
        var innaprop = new Innaprop<float>(lr: schedule, alpha: 1, beta: 1, sigma: 0.99, eps: 1e-8, weightDecay: weightDecay);
        var adamw = new AdamW<float>(lr: schedule, beta1: 0, beta2: 0.99, eps: 1e-8, weightDecay: weightDecay);
        var random = new Random(7);
        var a = Enumerable.Range(0, 101).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var b = (float[])a.Clone();
        var scale = Enumerable.Range(0, a.Length).Select(i => 0.5f + (i % 5)).ToArray();

        for (var step = 0; step < 50; step++)
        {
            // A separable quadratic with different curvatures, plus a non-smooth-looking term so gradients vary.
            var ga = a.Select((t, i) => (scale[i] * t) + MathF.Sin(t)).ToArray();
            var gb = b.Select((t, i) => (scale[i] * t) + MathF.Sin(t)).ToArray();
            innaprop.Step(a, ga);
            adamw.Step(b, gb);

            Assert.Equal(b, a);
            Assert.All(innaprop.Psi.ToArray(), psi => Assert.Equal(0f, psi));
        }
    }

    [Fact]
    public void Other_alpha_beta_differ_from_AdamW()
    {
        // Guards the test above: it must be able to fail.
        var innaprop = new Innaprop<double>(lr: 0.01, alpha: 0.1, beta: 0.9);
        var adamw = new AdamW<double>(lr: 0.01, beta1: 0, beta2: 0.999);
        double[] a = [1, -2, 3], b = [1, -2, 3];
        innaprop.Step(a, a.Select(t => 2 * t).ToArray());
        adamw.Step(b, b.Select(t => 2 * t).ToArray());
        Assert.NotEqual(b, a);
    }
}
