// entry: Roots.Cubic.RealRoot
// args: 2.0, -3.0, 1.0
// expect: works
using System;
using SourceAD;

namespace Roots;

public static partial class Cubic
{
    /// <summary>Real root of x³ + p x + q by Newton's method, started from a caller-supplied seed.</summary>
    [Differentiable]
    public static double RealRoot(double seed, double p, double q)
    {
        double x = seed;
        for (int i = 0; i < 40; i++)
        {
            double f = x * x * x + p * x + q;
            double df = 3 * x * x + p;
            double value = x - f / df;
            if (Math.Abs(value - x) < 1e-14) { x = value; break; }
            x = value;
        }
        return x;
    }
}
