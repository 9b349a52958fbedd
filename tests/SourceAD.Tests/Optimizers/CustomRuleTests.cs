using System.Numerics;
using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>User-written update rules get the same generated fused step as the shipped ones.</summary>
public static partial class CustomRules
{
    /// <summary>Adagrad with a clipped step, written by a user as plain scalar C#.</summary>
    [UpdateRule]
    public static void ClippedAdagrad<T>(ref T theta, ref T sum, in T g, T lr, T eps, T maxStep)
        where T : IFloatingPointIeee754<T>
    {
        sum += g * g;
        T step = lr * g / (T.Sqrt(sum) + eps);
        theta -= T.Max(-maxStep, T.Min(maxStep, step));
    }

    /// <summary>A non-generic rule over float, with literals and a read-only state slot.</summary>
    [UpdateRule]
    internal static void Lookahead(ref float slow, ref float fast, in float g, float lr)
    {
        fast = fast - lr * g;
        slow = slow + 0.5f * (fast - slow);
    }
}

/// <summary>A user's optimizer over their own rule: schedules, save/load and resume come from the base class.</summary>
public sealed class ClippedAdagradOptimizer<T>(LearningRateSchedule lr, double eps = 1e-10, double maxStep = 0.1)
    : UpdateRuleOptimizer<T>(lr, 0.01, 0, "sum")
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string Name => "ClippedAdagrad";

    protected override void Apply<TRunner>(ref TRunner runner, double gamma, long k) =>
        runner.Run(new CustomRules.ClippedAdagradUpdate(gamma, eps, maxStep));

    protected override string Describe() => $"ClippedAdagrad(eps={Exact(eps)}, maxStep={Exact(maxStep)}, lr={LearningRate})";
}

public sealed class CustomRuleTests
{
    [Fact]
    public void A_custom_optimizer_resumes_bitwise_from_saved_state()
    {
        var schedule = new CosineAnnealingSchedule(0.5, totalSteps: 12);
        static double[] Grad(double[] t) => t.Select(x => (4 * x) - 1).ToArray();
        var start = Enumerable.Range(0, 41).Select(i => Math.Sin(i)).ToArray();

        var reference = (double[])start.Clone();
        var uninterrupted = new ClippedAdagradOptimizer<double>(schedule);
        for (var k = 0; k < 12; k++)
        {
            uninterrupted.Step(reference, Grad(reference));
        }

        var theta = (double[])start.Clone();
        var first = new ClippedAdagradOptimizer<double>(schedule);
        for (var k = 0; k < 5; k++)
        {
            first.Step(theta, Grad(theta));
        }

        var path = Path.Combine(Path.GetTempPath(), "sourcead-custom-" + Guid.NewGuid().ToString("N") + ".state");
        try
        {
            first.Save(path, theta);
            var resumed = new ClippedAdagradOptimizer<double>(schedule);
            var restored = new double[theta.Length];
            resumed.Load(path, restored);
            for (var k = 5; k < 12; k++)
            {
                resumed.Step(restored, Grad(restored));
            }

            Assert.Equal(reference, restored);
            Assert.Throws<InvalidDataException>(() => new ClippedAdagradOptimizer<double>(schedule, maxStep: 0.2).Load(path, restored));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(67)]
    [InlineData(200_001)] // parallel path
    public void A_custom_generic_rule_matches_its_scalar_definition_bitwise(int length)
    {
        var random = new Random(length);
        var theta = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var g = Enumerable.Range(0, length).Select(_ => 10 * (random.NextDouble() - 0.5)).ToArray();
        var sum = new double[length];
        var expectedTheta = (double[])theta.Clone();
        var expectedSum = new double[length];

        for (var step = 0; step < 3; step++)
        {
            CustomRules.ClippedAdagradStep<double>(theta, sum, g, 0.5, 1e-8, 0.3);
            for (var i = 0; i < length; i++)
            {
                CustomRules.ClippedAdagrad(ref expectedTheta[i], ref expectedSum[i], in g[i], 0.5, 1e-8, 0.3);
            }
        }

        Assert.True(expectedTheta.AsSpan().SequenceEqual(theta));
        Assert.True(expectedSum.AsSpan().SequenceEqual(sum));
        Assert.Contains(theta, t => t != 0);
    }

    [Fact]
    public void A_custom_float_rule_with_literals_matches_its_scalar_definition()
    {
        const int Length = 37;
        var slow = Enumerable.Range(0, Length).Select(i => (float)i).ToArray();
        var fast = (float[])slow.Clone();
        var g = Enumerable.Range(0, Length).Select(i => (float)Math.Cos(i)).ToArray();
        var expectedSlow = (float[])slow.Clone();
        var expectedFast = (float[])fast.Clone();

        CustomRules.LookaheadStep(slow, fast, g, 0.1f);
        for (var i = 0; i < Length; i++)
        {
            CustomRules.Lookahead(ref expectedSlow[i], ref expectedFast[i], in g[i], 0.1f);
        }

        Assert.Equal(expectedSlow, slow);
        Assert.Equal(expectedFast, fast);
    }

    [Fact]
    public void The_generated_step_checks_span_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => CustomRules.ClippedAdagradStep<double>(new double[4], new double[3], new double[4], 1, 1, 1));
        Assert.Equal("sum", error.ParamName);
    }
}
