// entry: Markov.Chain.DiscountedReward
// args: new double[,] { { 0.7, 0.2, 0.1 }, { 0.3, 0.5, 0.2 }, { 0.1, 0.4, 0.5 } }, new double[] { 1.0, 0.0, 0.0 }, new double[] { 0.5, -1.0, 2.0 }, 0.9, 6
// expect: works
using System;
using SourceAD;

namespace Markov;

public static partial class Chain
{
    /// <summary>
    /// Σₜ γᵗ·⟨πₜ, r⟩ for a distribution propagated by a transition matrix: πₜ₊₁ = Pᵀ πₜ, computed into a new vector each
    /// step and copied back.
    /// </summary>
    [Differentiable]
    public static double DiscountedReward(double[,] transition, double[] start, double[] reward, double discount, int horizon)
    {
        int n = start.Length;
        var state = new double[n];
        for (int i = 0; i < n; i++) state[i] = start[i];
        double total = 0, weight = 1;
        for (int t = 0; t < horizon; t++)
        {
            for (int i = 0; i < n; i++) total += weight * state[i] * reward[i];
            var next = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    next[j] += state[i] * transition[i, j];
            for (int i = 0; i < n; i++) state[i] = next[i];
            weight *= discount;
        }
        return total;
    }
}
