// entry: Curves.Monotone.Evaluate
// args: new double[] { 0.0, 1.0, 2.5, 4.0, 5.0 }, new double[] { 0.0, 0.8, 1.9, 2.1, 3.5 }, 3.1
// expect: works
// Fritsch–Carlson monotone cubic interpolation: slopes limited, interval found by binary search, Hermite basis.
using System;
using SourceAD;

namespace Curves;

public static partial class Monotone
{
    /// <summary>Monotone cubic interpolant through (xs[i], ys[i]) evaluated at t.</summary>
    [Differentiable]
    public static double Evaluate(double[] xs, double[] ys, double t)
    {
        int n = xs.Length;
        var delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
            delta[i] = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);

        var m = new double[n];
        m[0] = delta[0];
        m[n - 1] = delta[n - 2];
        for (int i = 1; i < n - 1; i++)
        {
            if (delta[i - 1] * delta[i] <= 0) m[i] = 0;
            else m[i] = 0.5 * (delta[i - 1] + delta[i]);
        }
        for (int i = 0; i < n - 1; i++)
        {
            if (delta[i] == 0) { m[i] = 0; m[i + 1] = 0; continue; }
            double alpha = m[i] / delta[i], beta = m[i + 1] / delta[i];
            double s = alpha * alpha + beta * beta;
            if (s > 9)
            {
                double tau = 3 / Math.Sqrt(s);
                m[i] = tau * alpha * delta[i];
                m[i + 1] = tau * beta * delta[i];
            }
        }

        if (t <= xs[0]) return ys[0];
        if (t >= xs[n - 1]) return ys[n - 1];
        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (xs[mid] > t) hi = mid; else lo = mid;
        }
        double h = xs[hi] - xs[lo];
        double u = (t - xs[lo]) / h;
        double u2 = u * u, u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * ys[lo] + (u3 - 2 * u2 + u) * h * m[lo]
             + (-2 * u3 + 3 * u2) * ys[hi] + (u3 - u2) * h * m[hi];
    }
}
