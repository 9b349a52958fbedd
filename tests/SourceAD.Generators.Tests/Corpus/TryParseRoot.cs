// entry: Numerics.Roots.CubeRootOrZero
// args: 5.0, 0.4
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Roots
{
    /// <summary>Newton's method for t³ = value in the Try pattern: false when it does not converge.</summary>
    [Differentiable]
    public static bool TryCubeRoot(double value, out double root)
    {
        root = value > 1 ? value / 3 : 1.0;
        for (int it = 0; it < 50; it++)
        {
            double step = (root * root * root - value) / (3 * root * root);
            root -= step;
            if (Math.Abs(step) < 1e-14 * Math.Abs(root)) return true;
        }
        return false;
    }

    [Differentiable]
    public static double CubeRootOrZero(double value, double scale)
    {
        if (TryCubeRoot(value * scale, out double r))
            return r * r;
        return 0;
    }
}
