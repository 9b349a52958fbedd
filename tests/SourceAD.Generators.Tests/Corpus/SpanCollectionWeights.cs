// entry: Quadrature.Simpson38.Integrate
// args: 0.2, 1.7
// expect: works
// Fixed weights as a ReadOnlySpan<double> collection expression (C# 12), read in a loop over the nodes.
using System;
using SourceAD;

namespace Quadrature;

public static partial class Simpson38
{
    /// <summary>∫ₐᵇ exp(−x²) dx by Simpson's 3/8 rule on 3 panels.</summary>
    [Differentiable]
    public static double Integrate(double a, double b)
    {
        ReadOnlySpan<double> weights = [1, 3, 3, 2, 3, 3, 2, 3, 3, 1];
        double h = (b - a) / 9;
        double sum = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            double x = a + k * h;
            sum += weights[k] * Math.Exp(-x * x);
        }
        return 3 * h / 8 * sum;
    }
}
