// entry: Quadrature.Simpson.Gaussian
// args: 0.8, 1.5
// expect: works
// Composite Simpson's rule with the integrand a local function capturing a parameter.
using System;
using SourceAD;

namespace Quadrature;

public static partial class Simpson
{
    [Differentiable]
    public static double Gaussian(double a, double b)
    {
        double F(double t) => Math.Exp(-a * t * t);
        const int n = 20;
        double h = b / n;
        double s = F(0) + F(b);
        for (int i = 1; i < n; i++) s += (i % 2 == 1 ? 4 : 2) * F(i * h);
        return s * h / 3;
    }
}
