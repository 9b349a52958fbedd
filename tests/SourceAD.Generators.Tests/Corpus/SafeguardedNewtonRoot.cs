// entry: Roots.Hybrid.CubicRoot
// args: 2.0, 1.5
// expect: works
// A bisection/Newton hybrid (rtsafe style): Newton steps that leave the bracket fall back to bisection.
using System;
using SourceAD;

namespace Roots;

public static partial class Hybrid
{
    /// <summary>The real root of x^3 - a x - b in [0, 10] (a, b > 0), by safeguarded Newton.</summary>
    [Differentiable]
    public static double CubicRoot(double a, double b)
    {
        double lo = 0.0, hi = 10.0;
        double x = 0.5 * (lo + hi);
        for (int iter = 0; iter < 100; iter++)
        {
            double f = x * x * x - a * x - b;
            double df = 3 * x * x - a;
            if (f > 0) hi = x; else lo = x;
            double next = x - f / df;
            if (df == 0 || next <= lo || next >= hi)
            {
                next = 0.5 * (lo + hi);
            }
            if (Math.Abs(next - x) < 1e-14 * Math.Max(1.0, Math.Abs(x)))
            {
                return next;
            }
            x = next;
        }
        return x;
    }
}
