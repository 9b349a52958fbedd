// entry: Signals.Spectrum.BinMagnitude
// args: new double[] { 0.5, 1.0, -0.3, 0.8, -1.1, 0.2, 0.4, -0.6 }, 2
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Signals;

public static partial class Spectrum
{
    /// <summary>|X[k]| of the discrete Fourier transform of a real signal.</summary>
    [Differentiable]
    public static double BinMagnitude(double[] signal, int k)
    {
        int n = signal.Length;
        Complex sum = Complex.Zero;
        for (int t = 0; t < n; t++)
        {
            double angle = -2 * Math.PI * k * t / n;
            sum += signal[t] * Complex.Exp(new Complex(0, angle));
        }
        return sum.Magnitude;
    }
}
