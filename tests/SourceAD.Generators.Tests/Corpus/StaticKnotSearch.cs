// entry: Tables.Piecewise.Lookup
// args: new double[] { 1.0, 2.0, 0.5, 3.0, 2.2 }, 1.3
// expect: works
using System;
using SourceAD;

namespace Tables;

public static partial class Piecewise
{
    static readonly double[] KnotsX = { 0.0, 0.5, 1.0, 2.0, 4.0 };

    /// <summary>Linear interpolation between values at static knots, the interval found by Array.BinarySearch.</summary>
    [Differentiable]
    public static double Lookup(double[] values, double t)
    {
        int idx = Array.BinarySearch(KnotsX, t);
        if (idx < 0) idx = ~idx - 1;
        idx = Math.Clamp(idx, 0, KnotsX.Length - 2);
        double u = (t - KnotsX[idx]) / (KnotsX[idx + 1] - KnotsX[idx]);
        return values[idx] + u * (values[idx + 1] - values[idx]);
    }
}
