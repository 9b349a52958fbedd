// entry: Stats.LossGiven.WeightedSse
// args: new double[] { 1.0, 2.5, -0.5 }, new double[] { 0.8, 2.0, 0.1 }, new double[] { 0.5, 2.0, 1.5 }
// expect: works
// Round 20, second batch. Optional per-sample weights read as weights?[i] ?? 1.0 (the null-conditional element access),
// here with weights given.
using System;
using SourceAD;

namespace Stats;

public static partial class LossGiven
{
    [Differentiable]
    public static double WeightedSse(double[] predicted, [NoDerivative] double[] observed, [NoDerivative] double[]? weights = null)
    {
        double sse = 0.0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double r = predicted[i] - observed[i];
            sse += (weights?[i] ?? 1.0) * r * r;
        }
        return sse;
    }
}
