// entry: Quadrature.Simpson.GaussianMoment
// args: 0.7, 1.3, 64
// expect: works
using System;
using SourceAD;

namespace Quadrature;

public static partial class Simpson
{
    /// <summary>∫₀³ x² exp(−(x − μ)²/(2σ²)) dx by composite Simpson's rule with a lambda integrand.</summary>
    [Differentiable]
    public static double GaussianMoment(double mu, double sigma, int intervals)
    {
        Func<double, double> f = x => x * x * Math.Exp(-(x - mu) * (x - mu) / (2 * sigma * sigma));
        const double a = 0.0, b = 3.0;
        if (intervals % 2 != 0) intervals++;
        double h = (b - a) / intervals;
        double sum = f(a) + f(b);
        for (int i = 1; i < intervals; i++)
        {
            double x = a + i * h;
            sum += (i % 2 == 0 ? 2 : 4) * f(x);
        }
        return sum * h / 3;
    }
}
