// entry: Curves.Spline.Evaluate
// args: new double[] { 0.0, 1.0, 2.5, 4.0, 6.0 }, new double[] { 1.0, 2.0, 0.5, 1.5, 3.0 }, new double[] { 0.0, -0.5, 0.3, 0.8, 0.0 }, 3.1
// expect: works
// Round 20. A cubic Hermite spline evaluated at t: the interval found by a binary search on the knots (while lo < hi,
// mid = (lo + hi) / 2), then the Hermite basis on that interval.
using System;
using SourceAD;

namespace Curves;

public static partial class Spline
{
    [Differentiable]
    public static double Evaluate([NoDerivative] double[] knots, double[] values, double[] slopes, double t)
    {
        int lo = 0, hi = knots.Length - 2;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (knots[mid] <= t) lo = mid;
            else hi = mid - 1;
        }
        double h = knots[lo + 1] - knots[lo];
        double s = (t - knots[lo]) / h;
        double s2 = s * s, s3 = s2 * s;
        double h00 = 2 * s3 - 3 * s2 + 1;
        double h10 = s3 - 2 * s2 + s;
        double h01 = -2 * s3 + 3 * s2;
        double h11 = s3 - s2;
        return h00 * values[lo] + h10 * h * slopes[lo] + h01 * values[lo + 1] + h11 * h * slopes[lo + 1];
    }
}
