// entry: Optimization.LineSearch.StepLength
// args: 1.2, -0.8, 1.0
// expect: works
using System;
using SourceAD;

namespace Optimization;

public static partial class LineSearch
{
    [Differentiable]
    public static double Objective(double x, double y) => (x - 1) * (x - 1) + 3 * (y + 0.5) * (y + 0.5) + x * y;

    /// <summary>One Armijo backtracking line search along −∇f, returning f at the accepted point.</summary>
    [Differentiable]
    public static double StepLength(double x, double y, double initialStep)
    {
        double gx = 2 * (x - 1) + y, gy = 6 * (y + 0.5) + x;
        double f0 = Objective(x, y);
        double t = initialStep;
        int iterations = 0;
        while (Objective(x - t * gx, y - t * gy) > f0 - 1e-4 * t * (gx * gx + gy * gy) && iterations++ < 50)
            t *= 0.5;
        return Objective(x - t * gx, y - t * gy);
    }
}
