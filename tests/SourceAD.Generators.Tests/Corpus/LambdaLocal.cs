// entry: Numerics.Quadrature.Simpson
// args: 0.0, 1.5, 2.0
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Quadrature
{
    /// <summary>∫ₐᵇ exp(−k x²) dx by composite Simpson's rule with 20 panels.</summary>
    [Differentiable]
    public static double Simpson(double a, double b, double k)
    {
        Func<double, double> f = x => Math.Exp(-k * x * x);
        const int n = 20;
        double h = (b - a) / n;
        double sum = f(a) + f(b);
        for (int i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * f(a + i * h);
        }
        return sum * h / 3;
    }

    public static double[] ExpectedGradient(double a, double b, double k)
    {
        const int n = 20;
        double h = (b - a) / n;
        double F(double x) => Math.Exp(-k * x * x);
        double W(int i) => i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
        double da = 0, db = 0, dk = 0, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = a + i * h;
            double fp = -2 * k * x * F(x);
            sum += W(i) * F(x);
            da += W(i) * fp * (1 - (double)i / n);
            db += W(i) * fp * ((double)i / n);
            dk += W(i) * -x * x * F(x);
        }
        return new[] { da * h / 3 - sum / (3 * n), db * h / 3 + sum / (3 * n), dk * h / 3 };
    }
}
