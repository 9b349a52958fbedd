using System;
using System.Linq;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Cost;

/// <summary>
/// What a checkpointed loop costs (PullbackEmitter.Checkpoint.cs): snapshots × the loop-carried state's bytes in place
/// of the loop's per-step tape, and the primal steps the binomial schedule reruns. The formula is the runtime's
/// (src/SourceAD/Runtime/BinomialSchedule.cs, which the generator cannot reference); CheckpointTests checks they agree.
/// </summary>
internal static class CheckpointCost
{
    /// <summary>The trip count at which an automatic budget (⌈√T⌉) and the recompute factor are evaluated: the largest sample size.</summary>
    public static double SampleTrips => CostAnalysis.SampleSizes[CostAnalysis.SampleSizes.Length - 1];

    /// <summary>F(T, c − 1): the primal steps the optimal binomial schedule reruns for T steps and c slots (the entry state's included).</summary>
    public static long Recomputed(long steps, long slots)
    {
        if (steps <= 1 || slots < 1) return 0;
        if (slots == 1) return steps * (steps - 1) / 2;
        long beta = 1, r = 0;
        while (beta < steps)
        {
            r++;
            beta = beta * (slots + r) / r;
        }
        return r * steps - beta * r / (slots + 1);
    }

    /// <summary>The slots a plan uses at <see cref="SampleTrips"/> steps.</summary>
    public static long Slots(CheckpointPlan plan, long steps) => plan.Snapshots > 0 ? plan.Snapshots : Math.Max(1, (long)Math.Ceiling(Math.Sqrt(steps)));

    /// <summary>The snapshot bytes as a formula: slots × the state (arrays by length).</summary>
    public static Polynomial Bytes(CheckpointPlan plan, TripCounts trips, long slots) =>
        plan.State.Aggregate(Polynomial.Zero, (sum, v) => sum + (v.IsArray ? trips.LengthOf(v.Name) : Polynomial.Constant(1)) * CostAnalysis.Bytes(v.Type)) * slots;

    /// <summary>The cost report's line for one checkpointed loop.</summary>
    public static string Describe(CheckpointPlan plan, TripCounts trips)
    {
        long steps = (long)Math.Max(1, trips.Of(plan.Loop).Evaluate(_ => SampleTrips));
        long slots = Slots(plan, steps);
        Polynomial state = Bytes(plan, trips, 1);
        double factor = (double)Recomputed(steps, slots) / steps;
        string budget = plan.Snapshots > 0 ? $"{slots}" : $"⌈√T⌉ = {slots} at T = {steps}";
        return $"loop over {plan.Loop.Var} checkpointed: {budget} snapshots × {state} bytes of state ({string.Join(", ", plan.State.Select(v => v.Name))}) " +
               $"in place of its per-step tape; the reverse sweep reruns {Polynomial.Number(Math.Round(factor, 2))}·T primal steps at T = {steps} " +
               $"(the forward sweep runs T more, untaped)";
    }
}
