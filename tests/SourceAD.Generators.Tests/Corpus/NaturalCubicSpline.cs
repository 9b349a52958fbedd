// entry: Interpolation.Splines.Evaluate
// args: new double[] { 0.0, 1.0, 2.5, 3.0, 4.5 }, new double[] { 1.0, 2.0, 0.5, 1.5, 3.0 }, 2.2
// expect: works
using System;
using SourceAD;

namespace Interpolation;

public static partial class Splines
{
    /// <summary>Natural cubic spline through (xs, ys), evaluated at t: Thomas algorithm for the second derivatives, then a binary search for the interval.</summary>
    [Differentiable]
    public static double Evaluate(double[] xs, double[] ys, double t)
    {
        int n = xs.Length;
        var h = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
            h[i] = xs[i + 1] - xs[i];

        // Tridiagonal system for the interior second derivatives (natural ends: M0 = Mn-1 = 0).
        var diag = new double[n];
        var rhs = new double[n];
        var upper = new double[n];
        diag[0] = 1; diag[n - 1] = 1;
        for (int i = 1; i < n - 1; i++)
        {
            diag[i] = 2 * (h[i - 1] + h[i]);
            upper[i] = h[i];
            rhs[i] = 6 * ((ys[i + 1] - ys[i]) / h[i] - (ys[i] - ys[i - 1]) / h[i - 1]);
        }
        // Forward elimination.
        for (int i = 1; i < n; i++)
        {
            double lower = i < n - 1 ? h[i - 1] : 0.0;
            double w = lower / diag[i - 1];
            diag[i] -= w * upper[i - 1];
            rhs[i] -= w * rhs[i - 1];
        }
        var m = new double[n];
        m[n - 1] = rhs[n - 1] / diag[n - 1];
        for (int i = n - 2; i >= 0; i--)
            m[i] = (rhs[i] - upper[i] * m[i + 1]) / diag[i];

        // Find the interval by bisection.
        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (xs[mid] > t) hi = mid;
            else lo = mid;
        }
        double a = (xs[hi] - t) / h[lo];
        double b = (t - xs[lo]) / h[lo];
        return a * ys[lo] + b * ys[hi] + ((a * a * a - a) * m[lo] + (b * b * b - b) * m[hi]) * h[lo] * h[lo] / 6.0;
    }
}
