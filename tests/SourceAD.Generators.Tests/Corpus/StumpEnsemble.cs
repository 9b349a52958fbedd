// entry: Boosting.Stumps.Predict
// args: new double[] { 0.3, 1.8, -0.4 }, 0.1
// expect: works
using System;
using SourceAD;

namespace Boosting;

public readonly record struct Stump(int Feature, double Threshold, double Left, double Right);

public static partial class Stumps
{
    private static readonly Stump[] Trees =
    {
        new(0, 0.5, -1.0, 1.0),
        new(1, 1.0, 0.3, -0.2),
        new(2, 0.0, 0.8, 0.1),
        new(0, -0.2, 0.05, 0.4),
    };

    /// <summary>A boosted ensemble of stumps, smoothed by a margin term so it has a useful gradient: Σ leaf + λ·|x|².</summary>
    [Differentiable]
    public static double Predict(double[] x, double lambda)
    {
        double score = 0;
        foreach (Stump t in Trees)
        {
            double leaf = x[t.Feature] <= t.Threshold ? t.Left : t.Right;
            score += leaf * (1 + 0.1 * x[t.Feature]);
        }
        double reg = 0;
        for (int i = 0; i < x.Length; i++) reg += x[i] * x[i];
        return score + lambda * reg;
    }
}
