// entry: Stats.Outliers.RobustSum
// args: new double[] { 0.5, 12.0, -0.3, 2.5, -7.0, 1.1 }, 3.0
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Outliers
{
    /// <summary>Sums squares of inliers; stops at a sentinel-like huge value.</summary>
    [Differentiable]
    public static double RobustSum(double[] x, double cutoff)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) > 100) break;
            if (x[i] > cutoff) continue;
            if (x[i] < -cutoff)
            {
                s += cutoff * cutoff;
                continue;
            }
            s += x[i] * x[i];
        }
        return s;
    }
}
