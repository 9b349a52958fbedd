// entry: Planning.Dp.MinCostPath
// args: new double[] { 1.0, 3.2, 0.5, 2.1, 0.7, 1.9, 0.4, 2.8, 1.1 }, 3, 0.05
// expect: works
using System;
using SourceAD;

namespace Planning;

public static partial class Dp
{
    /// <summary>Minimum-cost monotone path through an n×n grid of costs (row-major), with a small per-step penalty; DP table.</summary>
    [Differentiable]
    public static double MinCostPath(double[] cost, int n, double stepPenalty)
    {
        var best = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                double here = cost[r * n + c];
                if (r == 0 && c == 0) { best[0] = here; continue; }
                double up = r > 0 ? best[(r - 1) * n + c] : double.PositiveInfinity;
                double left = c > 0 ? best[r * n + c - 1] : double.PositiveInfinity;
                best[r * n + c] = Math.Min(up, left) + here + stepPenalty;
            }
        }
        return best[n * n - 1];
    }
}
