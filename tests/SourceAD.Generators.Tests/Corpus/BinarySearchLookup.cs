// entry: Interp.Curve.Evaluate
// args: new double[] { 0.0, 0.5, 1.5, 3.0 }, new double[] { 1.0, 2.0, 0.5, 4.0 }, 2.2
// expect: works
using System;
using SourceAD;

namespace Interp;

public static partial class Curve
{
    /// <summary>Piecewise-linear interpolation, finding the segment with Array.BinarySearch as the docs suggest.</summary>
    [Differentiable]
    public static double Evaluate(double[] xs, double[] ys, double x)
    {
        int idx = Array.BinarySearch(xs, x);
        if (idx >= 0) return ys[idx];
        idx = ~idx;
        if (idx == 0) return ys[0];
        if (idx == xs.Length) return ys[^1];
        double t = (x - xs[idx - 1]) / (xs[idx] - xs[idx - 1]);
        return ys[idx - 1] + t * (ys[idx] - ys[idx - 1]);
    }
}
