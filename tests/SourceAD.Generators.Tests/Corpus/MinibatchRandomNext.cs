// entry: ML.Stochastic.MinibatchLoss
// args: 1.3, -0.4, new double[] { 0.1, 0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9 }, new double[] { 0.0, 0.3, 0.8, 1.4, 1.7, 2.4, 2.8, 3.3 }
// expect: works
// A seeded minibatch estimate of a regression loss: indices drawn with Random.Next(n), plus a Rademacher-probe
// penalty with signs from Random.Next(2), so the estimate is reproducible across calls.
using System;
using SourceAD;

namespace ML;

public static partial class Stochastic
{
    /// <summary>Mean squared residual over a random minibatch of 6 points, plus a random-sign smoothness probe.</summary>
    [Differentiable]
    public static double MinibatchLoss(double slope, double intercept, double[] x, double[] y)
    {
        var rng = new Random(42);
        const int batch = 6;
        double loss = 0;
        for (int k = 0; k < batch; k++)
        {
            int i = rng.Next(x.Length);
            double r = slope * x[i] + intercept - y[i];
            loss += r * r;
        }
        loss /= batch;

        double probe = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double sign = rng.Next(2) == 0 ? -1.0 : 1.0;
            probe += sign * (slope * x[i] + intercept);
        }
        return loss + 0.01 * probe * probe / x.Length;
    }
}
