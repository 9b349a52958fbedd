// entry: Interp.Table.Lookup
// args: 2.7
// expect: works
using System;
using SourceAD;

namespace Interp;

public static partial class Table
{
    private static readonly double[] Xs = { 0.0, 0.5, 1.0, 2.0, 3.5, 5.0 };
    private static readonly double[] Ys = { 1.0, 1.4, 2.1, 2.0, 3.3, 4.9 };

    /// <summary>Piecewise-linear lookup: binary search for the interval, then lerp.</summary>
    [Differentiable]
    public static double Lookup(double x)
    {
        if (x <= Xs[0]) return Ys[0];
        if (x >= Xs[^1]) return Ys[^1];
        int lo = 0, hi = Xs.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Xs[mid] <= x) lo = mid;
            else hi = mid;
        }
        double t = (x - Xs[lo]) / (Xs[hi] - Xs[lo]);
        return Ys[lo] + t * (Ys[hi] - Ys[lo]);
    }
}
