// entry: Numerics.Quadratics.LargerRoot
// args: 1.0, -3.0, 1.5
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Quadratics
{
    [Differentiable]
    private static bool TrySolve(double a, double b, double c, out double r1, out double r2)
    {
        double disc = b * b - 4 * a * c;
        if (disc < 0)
        {
            r1 = r2 = double.NaN;
            return false;
        }
        double sq = Math.Sqrt(disc);
        r1 = (-b - sq) / (2 * a);
        r2 = (-b + sq) / (2 * a);
        return true;
    }

    [Differentiable]
    public static double LargerRoot(double a, double b, double c)
    {
        if (!TrySolve(a, b, c, out double lo, out double hi)) return 0;
        return Math.Max(lo, hi);
    }
}
