// entry: Stats.Sampling.WeightedScore
// args: new double[] { 0.3, 0.9, 0.1, 0.6 }, 2.0
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Sampling
{
    /// <summary>Deterministic "random" weights from a linear congruential seed, applied to the scores.</summary>
    [Differentiable]
    public static double WeightedScore(double[] scores, double temperature)
    {
        int seed = 12345;
        double result = 0, value = 0, tape = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            double weight = (seed % 1000) / 1000.0;
            value = Math.Exp(scores[i] / temperature);
            tape += value;
            result += weight * value;
        }
        return result / tape;
    }
}
