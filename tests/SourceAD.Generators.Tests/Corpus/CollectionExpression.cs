// entry: Numerics.Features.Polynomial
// args: 0.7, -1.2, new double[] { 0.5, 1.0, -0.3, 0.25, 2.0 }
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Features
{
    /// <summary>A quadratic feature map dotted with coefficients.</summary>
    [Differentiable]
    public static double Polynomial(double x, double y, double[] coefficients)
    {
        double[] features = [x, y, x * y, x * x, y * y];
        double total = 0;
        int i = 0;
        foreach (double f in features)
        {
            total += coefficients[i++] * f;
        }
        return total;
    }
}
