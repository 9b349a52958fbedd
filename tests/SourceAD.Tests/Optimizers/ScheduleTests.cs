using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>The schedulers of thesis appendix 4.7, at their defining points.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void A_number_is_a_constant_schedule()
    {
        LearningRateSchedule schedule = 0.003;
        Assert.IsType<ConstantSchedule>(schedule);
        Assert.Equal(0.003, schedule.At(0));
        Assert.Equal(0.003, schedule.At(1_000_000));
    }

    [Fact]
    public void Cosine_annealing_goes_from_gamma0_to_gamma_min_over_t_max()
    {
        var schedule = new CosineAnnealingSchedule(0.1, totalSteps: 200, minimumRate: 0.001);
        Assert.Equal(0.1, schedule.At(0), 15);
        Assert.Equal(0.001 + (0.5 * 0.099 * (1 + Math.Cos(Math.PI * 50 / 200))), schedule.At(50), 15);
        Assert.Equal(0.0505, schedule.At(100), 15);
        Assert.Equal(0.001, schedule.At(200), 15);
        Assert.Equal(0.001, schedule.At(500), 15);
    }

    [Fact]
    public void Cosine_with_warmup_rises_linearly_then_follows_the_cosine_then_holds()
    {
        var schedule = new CosineWarmupSchedule(0.6, warmupSteps: 10, decaySteps: 110, minimumRate: 0.06);
        Assert.Equal(0.0, schedule.At(0));
        Assert.Equal(0.6 * 3 / 10, schedule.At(3), 15);
        Assert.Equal(0.6, schedule.At(10), 15);
        Assert.Equal(0.06 + (0.5 * 0.54), schedule.At(60), 15);
        Assert.Equal(0.06, schedule.At(110), 15);
        Assert.Equal(0.06, schedule.At(111), 15);
    }

    [Fact]
    public void Linear_with_warmup_rises_then_decays_to_zero_at_t_max()
    {
        var schedule = new LinearWarmupSchedule(0.2, warmupSteps: 4, totalSteps: 104);
        Assert.Equal(0.0, schedule.At(0));
        Assert.Equal(0.1, schedule.At(2), 15);
        Assert.Equal(0.2, schedule.At(4), 15);
        Assert.Equal(0.2 * (1 - (50.0 / 100)), schedule.At(54), 15);
        Assert.Equal(0.0, schedule.At(104), 15);
        Assert.Equal(0.0, schedule.At(200), 15);
    }

    [Fact]
    public void The_first_step_uses_position_zero()
    {
        // SGD with no weight decay: θ₁ = θ₀ − γ₀ g, so the step reveals which rate it used.
        var optimizer = new Sgd<double>(lr: new CosineAnnealingSchedule(0.5, totalSteps: 2));
        double[] theta = [1];
        optimizer.Step(theta, [1]);
        Assert.Equal(0.5, theta[0]);
        optimizer.Step(theta, [1]);
        Assert.Equal(0.5 - 0.25, theta[0], 15);
    }

    [Fact]
    public void Invalid_schedules_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWarmupSchedule(0.1, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(0.1, 10, 5));
    }
}
