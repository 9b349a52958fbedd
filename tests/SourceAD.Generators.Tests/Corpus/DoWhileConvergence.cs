// entry: Roots.Halley.CubeRoot
// args: 7.3
// expect: works
using System;
using SourceAD;

namespace Roots;

public static partial class Halley
{
    /// <summary>Cube root by Halley's iteration with a do/while tolerance loop and an iteration cap.</summary>
    [Differentiable]
    public static double CubeRoot(double a)
    {
        double x = a > 1 ? a / 3 : 1.0;
        double delta;
        int iterations = 0;
        do
        {
            double x3 = x * x * x;
            double next = x * (x3 + 2 * a) / (2 * x3 + a);
            delta = Math.Abs(next - x);
            x = next;
        } while (delta > 1e-14 * Math.Abs(x) && ++iterations < 50);
        return x;
    }
}
