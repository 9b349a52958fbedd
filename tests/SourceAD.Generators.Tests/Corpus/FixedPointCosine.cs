// entry: Roots.FixedPoint.Solve
// args: 0.9
// expect: works
using System;
using SourceAD;

namespace Roots;

public static partial class FixedPoint
{
    /// <summary>Fixed point of x = cos(a·x) by plain iteration.</summary>
    [Differentiable]
    public static double Solve(double a)
    {
        double x = 0.5, previous;
        int it = 0;
        do
        {
            previous = x;
            x = Math.Cos(a * x);
        } while (Math.Abs(x - previous) > 1e-13 && it++ < 500);
        return x;
    }
}
