using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>Thesis Remark 12: INNAprop needs γ_k &lt; β.</summary>
public sealed class WellPosednessTests
{
    [Theory]
    [InlineData(0.9)]
    [InlineData(1.5)]
    public void A_constant_rate_at_or_above_beta_is_rejected_at_construction(double lr)
    {
        var error = Assert.Throws<ArgumentException>(() => new Innaprop<float>(lr: lr, beta: 0.9));
        Assert.Contains("γ_k", error.Message);
        Assert.Contains("β = 0.9", error.Message);
        Assert.Contains("step k = 1", error.Message);
    }

    [Fact]
    public void A_schedule_that_reaches_beta_is_rejected_at_that_step_before_anything_changes()
    {
        // Warmup to a peak of 1.0 crosses β = 0.5: γ_k = k/4 reaches 0.5 at position 2, i.e. step k = 3.
        var optimizer = new Innaprop<double>(lr: new LinearWarmupSchedule(1.0, warmupSteps: 4, totalSteps: 100), alpha: 0.1, beta: 0.5);
        double[] theta = [1, 2, 3];
        double[] g = [0.1, 0.2, 0.3];
        optimizer.Step(theta, g);
        optimizer.Step(theta, g);

        var thetaBefore = (double[])theta.Clone();
        var psiBefore = optimizer.Psi.ToArray();
        var vBefore = optimizer.V.ToArray();
        var error = Assert.Throws<ArgumentException>(() => optimizer.Step(theta, g));

        Assert.Contains("step k = 3", error.Message);
        Assert.Contains("γ_k = 0.5", error.Message);
        Assert.Contains("β = 0.5", error.Message);
        Assert.Equal(thetaBefore, theta);
        Assert.Equal(psiBefore, optimizer.Psi.ToArray());
        Assert.Equal(vBefore, optimizer.V.ToArray());
        Assert.Equal(2, optimizer.StepCount);
    }

    [Fact]
    public void Rates_below_beta_are_accepted()
    {
        var optimizer = new Innaprop<double>(lr: 0.899, beta: 0.9);
        double[] theta = [1];
        optimizer.Step(theta, [2]);
        Assert.Equal(1, optimizer.StepCount);
    }
}
