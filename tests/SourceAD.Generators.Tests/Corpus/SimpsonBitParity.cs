// entry: Numerics.Quadrature.Simpson
// args: 0.7, 1.3, 0.0, 2.0, 16
// expect: works
// Round 20. Composite Simpson's rule with the odd/even weights picked by `(i & 1) == 1` in an if/else, and an
// odd panel count rounded up with `n += n % 2`.
using System;
using SourceAD;

namespace Numerics;

public static partial class Quadrature
{
    [Differentiable]
    public static double Simpson(double amplitude, double decay, double a, double b, [NoDerivative] int panels)
    {
        int n = panels;
        n += n % 2;
        double h = (b - a) / n;
        double sum = F(a) + F(b);
        for (int i = 1; i < n; i++)
        {
            double x = a + i * h;
            if ((i & 1) == 1) sum += 4 * F(x);
            else sum += 2 * F(x);
        }
        return sum * h / 3;

        double F(double x) => amplitude * Math.Exp(-decay * x) * Math.Cos(x);
    }
}
