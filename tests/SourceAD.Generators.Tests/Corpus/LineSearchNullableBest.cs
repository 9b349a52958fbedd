// entry: Optimize.LineSearch.BestStepLoss
// args: new double[] { 1.0, -0.5 }, new double[] { -0.8, 0.3 }, 2.0
// expect: works
// Grid line search along a direction, remembering the best loss so far in a nullable (null until a finite loss is seen).
using System;
using SourceAD;

namespace Optimize;

public static partial class LineSearch
{
    private static double Loss(double[] x, double[] d, double t, double curvature)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i] + t * d[i];
            s += curvature * xi * xi + Math.Sin(xi);
        }
        return s;
    }

    /// <summary>The smallest loss over steps t = 0.1, 0.2, …, 2.0 (NaN losses skipped).</summary>
    [Differentiable]
    public static double BestStepLoss(double[] x, double[] direction, double curvature)
    {
        double? bestLoss = null;
        double? bestStep = null;
        for (int k = 1; k <= 20; k++)
        {
            double t = 0.1 * k;
            double loss = Loss(x, direction, t, curvature);
            if (double.IsNaN(loss)) continue;
            if (bestLoss == null || loss < bestLoss)
            {
                bestLoss = loss;
                bestStep = t;
            }
        }
        if (!bestLoss.HasValue) return double.PositiveInfinity;
        return bestLoss.Value + 0.01 * (bestStep ?? 0);
    }
}
