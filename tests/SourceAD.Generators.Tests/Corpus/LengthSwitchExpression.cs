// entry: Numerics.Quadrature.Rule
// args: new double[] { 1.0, 2.0, 1.5, 0.5, 2.5 }, 0.25
// expect: works
// A quadrature rule chosen by a switch expression on the number of samples.
using System;
using SourceAD;

namespace Numerics;

public static partial class Quadrature
{
    [Differentiable]
    public static double Rule(double[] f, double h) => f.Length switch
    {
        0 => 0,
        1 => f[0] * h,
        2 => 0.5 * h * (f[0] + f[1]),
        3 => h / 3 * (f[0] + 4 * f[1] + f[2]),
        _ => Trapezoid(f, h),
    };

    private static double Trapezoid(double[] f, double h)
    {
        double s = 0.5 * (f[0] + f[^1]);
        for (int i = 1; i < f.Length - 1; i++) s += f[i];
        return s * h;
    }
}
