// entry: Sequences.Dtw.Distance
// args: new double[] { 0.0, 1.0, 2.1, 1.2, 0.1 }, new double[] { 0.2, 0.9, 1.7, 2.3, 0.9, 0.05 }
// expect: works
using System;
using SourceAD;

namespace Sequences;

public static partial class Dtw
{
    /// <summary>Classic dynamic time warping distance with squared-difference cost.</summary>
    [Differentiable]
    public static double Distance(double[] a, double[] b)
    {
        int n = a.Length, m = b.Length;
        var cost = new double[n + 1, m + 1];
        for (int i = 0; i <= n; i++)
            for (int j = 0; j <= m; j++)
                cost[i, j] = double.PositiveInfinity;
        cost[0, 0] = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                double d = (a[i - 1] - b[j - 1]) * (a[i - 1] - b[j - 1]);
                cost[i, j] = d + Math.Min(cost[i - 1, j], Math.Min(cost[i, j - 1], cost[i - 1, j - 1]));
            }
        }
        return cost[n, m];
    }
}
