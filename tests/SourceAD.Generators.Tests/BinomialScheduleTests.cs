using SourceAD.Runtime;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The runtime's binomial (Revolve) schedule, driven directly against a model of the loop's state: every step is
/// reversed exactly once, in the order T−1 … 0, from the state that step started from; never more than c snapshots
/// exist; and the primal steps it reruns equal the optimum that a dynamic program over all split points finds.
/// </summary>
public class BinomialScheduleTests
{
    /// <summary>The optimum by dynamic programming: F(T, s) = min over m of m + F(T − m, s − 1) + F(m, s), F(1, s) = 0,
    /// F(T, 0) = T(T − 1)/2, with s the free slots (the entry state's slot not counted).</summary>
    private static long[,] Optimum(int maxSteps, int maxFree)
    {
        var f = new long[maxSteps + 1, maxFree + 1];
        for (int s = 0; s <= maxFree; s++)
        {
            for (int t = 2; t <= maxSteps; t++)
            {
                if (s == 0) { f[t, 0] = (long)t * (t - 1) / 2; continue; }
                long best = long.MaxValue;
                for (int m = 1; m < t; m++) best = Math.Min(best, m + f[t - m, s - 1] + f[m, s]);
                f[t, s] = best;
            }
        }
        return f;
    }

    /// <summary>Runs the schedule on a state that is just the step index reached (−1: undefined), checking each action.</summary>
    private static long Drive(int steps, int slots)
    {
        var schedule = new BinomialSchedule(steps, slots);
        try
        {
            var slot = new int?[slots];
            slot[0] = 0; // the forward sweep's entry snapshot
            int state = -1, expectedReverse = steps - 1;
            long advanced = 0;
            for (CheckpointAction a = schedule.Next(); a != CheckpointAction.Done; a = schedule.Next())
            {
                switch (a)
                {
                    case CheckpointAction.Advance:
                        Assert.Equal(state, schedule.Step);
                        Assert.True(schedule.Count >= 1);
                        state += schedule.Count;
                        advanced += schedule.Count;
                        Assert.True(state <= expectedReverse, $"advanced past step {expectedReverse}");
                        break;
                    case CheckpointAction.Snapshot:
                        Assert.InRange(schedule.Slot, 1, slots - 1);
                        Assert.True(state >= 0);
                        slot[schedule.Slot] = state;
                        break;
                    case CheckpointAction.Restore:
                        Assert.InRange(schedule.Slot, 0, slots - 1);
                        Assert.NotNull(slot[schedule.Slot]);
                        state = slot[schedule.Slot]!.Value;
                        break;
                    case CheckpointAction.Reverse:
                        Assert.Equal(expectedReverse, schedule.Step);
                        Assert.Equal(schedule.Step, state);
                        expectedReverse--;
                        state = -1; // the taped step and its reverse leave the state undefined
                        break;
                }
            }
            Assert.Equal(-1, expectedReverse);
            Assert.Equal(advanced, schedule.Advanced);
            return advanced;
        }
        finally
        {
            schedule.Dispose();
        }
    }

    [Fact]
    public void ReversesEveryStepOnceWithTheOptimalNumberOfRerunSteps()
    {
        const int maxSteps = 60, maxSlots = 7;
        long[,] optimum = Optimum(maxSteps, maxSlots - 1);
        for (int c = 1; c <= maxSlots; c++)
        {
            for (int t = 0; t <= maxSteps; t++)
            {
                long advanced = Drive(t, c);
                long best = t <= 1 ? 0 : optimum[t, c - 1];
                Assert.True(best == advanced, $"T = {t}, c = {c}: {advanced} steps rerun, optimum {best}");
                Assert.Equal(best, BinomialSchedule.Recomputed(t, c));
            }
        }
    }

    [Theory]
    [InlineData(1000, 32)]
    [InlineData(100_000, 317)]
    [InlineData(1_000_000, 10)]
    public void LongLoopsStayNearTheBinomialBound(int steps, int slots)
    {
        long advanced = Drive(steps, slots);
        Assert.Equal(BinomialSchedule.Recomputed(steps, slots), advanced);
        // With r the least repetition number such that C(c + r, c) ≥ T, no step runs more than r times.
        long r = 0;
        for (double beta = 1; beta < steps; r++) beta = beta * (slots + r + 1) / (r + 1);
        Assert.True(advanced <= r * steps, $"{advanced} steps rerun for T = {steps}, c = {slots}, r = {r}");
    }

    [Fact]
    public void DefaultSlotsAreTheCeilingOfTheSquareRoot()
    {
        Assert.Equal(1, BinomialSchedule.DefaultSlots(0));
        Assert.Equal(1, BinomialSchedule.DefaultSlots(1));
        Assert.Equal(2, BinomialSchedule.DefaultSlots(2));
        Assert.Equal(1000, BinomialSchedule.DefaultSlots(1_000_000));
        Assert.Equal(1001, BinomialSchedule.DefaultSlots(1_000_001));
    }
}
