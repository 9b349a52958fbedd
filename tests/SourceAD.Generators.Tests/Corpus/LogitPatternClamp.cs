// entry: Stats.Calibration.LogitScore
// args: new double[] { 0.2, 0.95, -0.2, 0.6, 1.3, 0.35 }
// expect: works
// Log-odds of probabilities with `is > 0 and < 1` patterns; values on the edges are clipped.
using System;
using SourceAD;

namespace Stats;

public static partial class Calibration
{
    private const double Eps = 1e-6;

    [Differentiable]
    public static double LogitScore(double[] p)
    {
        double total = 0;
        foreach (double v in p)
        {
            double q = v is > 0 and < 1 ? v : (v <= 0 ? Eps : 1 - Eps);
            total += Math.Log(q / (1 - q));
        }
        return total;
    }
}
