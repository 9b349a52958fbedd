// entry: Signals.Polynomials.ResponseMagnitude
// args: new double[] { 1.0, -0.6, 0.25, 0.1 }, 0.7
// closed-form: ExpectedGradient
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Signals;

public static partial class Polynomials
{
    /// <summary>|P(e^{iω})| for a real polynomial P(z) = Σ c_k z^k, evaluated by Horner's rule in complex arithmetic.</summary>
    [Differentiable]
    public static double ResponseMagnitude(double[] coefficients, double omega)
    {
        Complex z = Complex.FromPolarCoordinates(1.0, omega);
        Complex value = Complex.Zero;
        for (int k = coefficients.Length - 1; k >= 0; k--)
        {
            value = value * z + coefficients[k];
        }
        return value.Magnitude;
    }

    public static double[] ExpectedGradient(double[] c, double omega)
    {
        // P(e^{iω}) = Σ c_k (cos kω + i sin kω); |P| = √(re² + im²).
        double re = 0, im = 0, dre = 0, dim = 0;
        for (int k = 0; k < c.Length; k++)
        {
            re += c[k] * Math.Cos(k * omega);
            im += c[k] * Math.Sin(k * omega);
            dre -= c[k] * k * Math.Sin(k * omega);
            dim += c[k] * k * Math.Cos(k * omega);
        }
        double mag = Math.Sqrt(re * re + im * im);
        var g = new double[c.Length + 1];
        for (int k = 0; k < c.Length; k++) g[k] = (re * Math.Cos(k * omega) + im * Math.Sin(k * omega)) / mag;
        g[c.Length] = (re * dre + im * dim) / mag;
        return g;
    }
}
