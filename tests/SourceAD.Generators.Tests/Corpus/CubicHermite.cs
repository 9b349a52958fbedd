// entry: Interp.Spline.Evaluate
// args: new double[] { 0.0, 1.0, 2.5, 4.0 }, new double[] { 0.0, 0.8, 0.3, 1.2 }, new double[] { 1.0, 0.2, -0.1, 0.5 }, 1.7
// expect: works
using System;
using SourceAD;

namespace Interp;

public static partial class Spline
{
    /// <summary>Cubic Hermite interpolation through (xs, ys) with slopes ms, evaluated at t.</summary>
    [Differentiable]
    public static double Evaluate(double[] xs, double[] ys, double[] ms, double t)
    {
        int k = 0;
        while (k < xs.Length - 2 && t > xs[k + 1]) k++;
        double h = xs[k + 1] - xs[k];
        double s = (t - xs[k]) / h;
        double s2 = s * s, s3 = s2 * s;
        double h00 = 2 * s3 - 3 * s2 + 1;
        double h10 = s3 - 2 * s2 + s;
        double h01 = -2 * s3 + 3 * s2;
        double h11 = s3 - s2;
        return h00 * ys[k] + h10 * h * ms[k] + h01 * ys[k + 1] + h11 * h * ms[k + 1];
    }
}
