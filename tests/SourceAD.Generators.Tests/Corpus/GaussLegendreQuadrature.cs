// entry: Quadrature.GaussLegendre.GaussianMoment
// args: 1.3, 0.4, 2.0
// expect: works
// Five-point Gauss–Legendre quadrature on [a, b] with node/weight tables and a lambda integrand.
using System;
using SourceAD;

namespace Quadrature;

public static partial class GaussLegendre
{
    private static readonly double[] Nodes = { -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640 };
    private static readonly double[] Weights = { 0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891 };

    /// <summary>∫_0^upper x^2 exp(-k (x - mu)^2) dx by 5-point Gauss–Legendre.</summary>
    [Differentiable]
    public static double GaussianMoment(double k, double mu, double upper)
    {
        Func<double, double> f = x => x * x * Math.Exp(-k * (x - mu) * (x - mu));
        double half = 0.5 * upper;
        double sum = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            sum += Weights[i] * f(half * Nodes[i] + half);
        }
        return half * sum;
    }
}
