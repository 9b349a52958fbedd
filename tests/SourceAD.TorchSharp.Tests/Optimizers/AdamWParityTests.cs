using SourceAD.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace SourceAD.TorchSharp.Tests.Optimizers;

/// <summary>
/// SourceAD's AdamW (and INNAprop with α = β = 1, thesis Appendix 4.5.1) against <c>torch.optim.AdamW</c>, step by
/// step over whole trajectories, to float32 rounding. Both sides take the gradient of the same function at their
/// own current parameters, so any drift in the rule would show and grow.
/// </summary>
public sealed class AdamWParityTests
{
    private const int Length = 1_000;
    private const int Steps = 40;

    // float32 rounding: the two implementations round different intermediate expressions (torch divides √v by
    // √(1 − β₂^k) and m by (1 − β₁^k) separately), so near-zero weights differ by about one ulp of O(1) values.
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-7;

    private static float[] Start()
    {
        var random = new Random(42);
        return Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }

    /// <summary>∇ of Σ ½cᵢθᵢ² + 0.1·Σ sin(3θᵢ), with curvatures cᵢ spread over two decades.</summary>
    private static float[] Gradient(float[] theta) =>
        theta.Select((t, i) => ((0.1f + (i % 50 * 0.2f)) * t) + (0.3f * MathF.Cos(3 * t))).ToArray();

    private static void AssertTrajectoriesMatch(UpdateRuleOptimizer<float> ours, double beta1, double beta2, double eps, double weightDecay, LearningRateSchedule schedule)
    {
        var theta = Start();
        var parameter = new global::TorchSharp.Modules.Parameter(tensor(Start()));
        using var torchOptimizer = optim.AdamW([parameter], lr: schedule.At(0), beta1: beta1, beta2: beta2, eps: eps, weight_decay: weightDecay);

        for (var k = 0; k < Steps; k++)
        {
            ours.Step(theta, Gradient(theta));

            using (no_grad())
            {
                var current = parameter.data<float>().ToArray();
                parameter.grad = tensor(Gradient(current));
            }

            foreach (var group in torchOptimizer.ParamGroups)
            {
                group.LearningRate = schedule.At(k);
            }

            torchOptimizer.step();

            var expected = parameter.data<float>().ToArray();
            for (var i = 0; i < Length; i++)
            {
                var error = Math.Abs(theta[i] - expected[i]);
                Assert.True(
                    error <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected[i])),
                    $"step {k + 1}, element {i}: SourceAD {theta[i]:R}, torch {expected[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(0.9, 0.999, 0.01)]
    [InlineData(0.8, 0.99, 0.1)]
    [InlineData(0.0, 0.999, 0.0)]
    public void AdamW_follows_torch_AdamW(double beta1, double beta2, double weightDecay)
    {
        var schedule = new ConstantSchedule(0.01);
        AssertTrajectoriesMatch(new AdamW<float>(schedule, beta1, beta2, 1e-8, weightDecay), beta1, beta2, 1e-8, weightDecay, schedule);
    }

    [Fact]
    public void AdamW_with_a_cosine_warmup_schedule_follows_torch_AdamW_with_the_same_rates()
    {
        var schedule = new CosineWarmupSchedule(0.02, warmupSteps: 5, decaySteps: 35, minimumRate: 0.001);
        AssertTrajectoriesMatch(new AdamW<float>(schedule), 0.9, 0.999, 1e-8, 0.01, schedule);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Innaprop_with_alpha_beta_one_follows_torch_AdamW_without_momentum(double weightDecay)
    {
        var schedule = new ConstantSchedule(0.01);
        var innaprop = new Innaprop<float>(schedule, alpha: 1, beta: 1, sigma: 0.999, eps: 1e-8, weightDecay: weightDecay);
        AssertTrajectoriesMatch(innaprop, 0.0, 0.999, 1e-8, weightDecay, schedule);
    }

    [Fact]
    public void Innaprop_with_the_default_alpha_beta_does_not_follow_AdamW()
    {
        // Guards the tests above: the comparison must be able to fail.
        var schedule = new ConstantSchedule(0.01);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            AssertTrajectoriesMatch(new Innaprop<float>(schedule), 0.0, 0.999, 1e-8, 0.01, schedule));
    }
}
