// entry: Regression.Ridge.Loss
// args: new double[] { 0.4, -0.3 }, new double[] { 1.0, 2.0, 3.0 }, new double[] { 1.1, 1.4, 2.2 }, null, 1.0
// expect: refused
// An optional nullable parameter with a ?? default: refused at its read with the rewrite ([NoDerivative] if it is data, or a
// plain double with a default); a gap: a double? parameter would need a nullable seed and adjoint. NullableParameterTests
// checks the [NoDerivative] form and the Gradient form's defaults.
using System;
using SourceAD;

namespace Regression;

public static partial class Ridge
{
    /// <summary>Mean squared error of a line plus a ridge penalty whose strength defaults when not given.</summary>
    [Differentiable]
    public static double Loss(double[] w, double[] x, double[] y, double? lambda = null, double scale = 1.0)
    {
        double strength = lambda ?? 0.1;
        double mse = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = w[0] + w[1] * x[i] - y[i];
            mse += r * r;
        }
        return scale * mse / x.Length + strength * w[1] * w[1];
    }
}
