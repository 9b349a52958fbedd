// entry: Quadrature.Trapezoid.Area
// args: new double[] { 0.0, 0.3, 0.5, 1.1, 2.0 }, 0.7
// expect: works
// The trapezoid rule on non-uniform data knots of a damped oscillation.
using System;
using SourceAD;

namespace Quadrature;

public static partial class Trapezoid
{
    [Differentiable]
    public static double Area([NoDerivative] double[] t, double k)
    {
        double area = 0;
        double prev = Math.Exp(-k * t[0]) * Math.Cos(3 * t[0]);
        for (int i = 1; i < t.Length; i++)
        {
            double cur = Math.Exp(-k * t[i]) * Math.Cos(3 * t[i]);
            area += 0.5 * (t[i] - t[i - 1]) * (prev + cur);
            prev = cur;
        }
        return area;
    }
}
