// entry: Robust.HuberRegression.Slope
// args: new double[] { 0, 1, 2, 3, 4, 5, 6 }, new double[] { 0.1, 1.2, 1.9, 3.2, 9.0, 5.1, 5.8 }, 1.0
// expect: works
// A straight line fitted by iteratively reweighted least squares with Huber weights, 8 iterations.
using System;
using SourceAD;

namespace Robust;

public static partial class HuberRegression
{
    [Differentiable]
    public static double Slope(double[] x, double[] y, double delta)
    {
        double a = 0, b = 0;
        for (int iter = 0; iter < 8; iter++)
        {
            double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double r = y[i] - (a + b * x[i]);
                double w = Math.Abs(r) <= delta ? 1.0 : delta / Math.Abs(r);
                sw += w; swx += w * x[i]; swy += w * y[i];
                swxx += w * x[i] * x[i]; swxy += w * x[i] * y[i];
            }
            double det = sw * swxx - swx * swx;
            b = (sw * swxy - swx * swy) / det;
            a = (swy - b * swx) / sw;
        }
        return b;
    }
}
