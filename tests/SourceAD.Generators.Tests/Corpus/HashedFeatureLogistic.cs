// entry: ML.HashingTrick.LogLoss
// args: new double[] { 0.2, -0.5, 0.8, 0.1, -0.3 }, new double[] { 1.0, 0.5, -1.2, 2.0, 0.0, 0.7, -0.4, 1.5 }, 1.0
// expect: works
// The hashing trick: feature i goes to bucket (i · 2654435761) mod buckets with unchecked unsigned wrap-around, and
// the logistic loss uses Math.FusedMultiplyAdd for the accumulated score.
using System;
using SourceAD;

namespace ML;

public static partial class HashingTrick
{
    private static int Bucket(int feature, int buckets) =>
        (int)(unchecked((uint)feature * 2654435761u) % (uint)buckets);

    /// <summary>Binary log-loss of a hashed linear model for one example with label in {0, 1}.</summary>
    [Differentiable]
    public static double LogLoss(double[] weights, double[] features, double label)
    {
        double score = 0;
        for (int i = 0; i < features.Length; i++)
        {
            int b = Bucket(i, weights.Length);
            double sign = (unchecked(i * 31 + 7) & 1) == 0 ? 1.0 : -1.0;
            score = Math.FusedMultiplyAdd(sign * weights[b], features[i], score);
        }
        double p = 1.0 / (1.0 + Math.Exp(-score));
        return -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));
    }
}
