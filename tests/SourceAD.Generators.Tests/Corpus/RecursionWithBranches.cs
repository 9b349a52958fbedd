// entry: Numerics.Adaptive.Integrate
// args: 0.0, 2.0, 1.3
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Adaptive
{
    [Differentiable]
    private static double F(double x, double k) => Math.Exp(-k * x) * Math.Sin(3 * x);

    /// <summary>Adaptive Simpson quadrature to a fixed depth, refining only where the estimate changes.</summary>
    [Differentiable]
    private static double Simpson(double a, double b, double k, int depth)
    {
        double m = 0.5 * (a + b);
        double whole = (b - a) / 6 * (F(a, k) + 4 * F(m, k) + F(b, k));
        if (depth == 0) return whole;
        double left = (m - a) / 6 * (F(a, k) + 4 * F(0.5 * (a + m), k) + F(m, k));
        double right = (b - m) / 6 * (F(m, k) + 4 * F(0.5 * (m + b), k) + F(b, k));
        if (Math.Abs(left + right - whole) < 1e-10) return left + right;
        return Simpson(a, m, k, depth - 1) + Simpson(m, b, k, depth - 1);
    }

    [Differentiable]
    public static double Integrate(double a, double b, double k) => Simpson(a, b, k, 6);
}
