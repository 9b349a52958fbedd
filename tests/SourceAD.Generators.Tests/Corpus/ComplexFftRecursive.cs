// entry: Signals.Fft.SpectralPower
// args: new double[] { 0.5, 1.0, -0.25, 0.75, 0.1, -0.6, 0.3, 0.2 }, 2
// expect: refused
// A recursive helper returning a Complex[] (an array of aggregates built per call): refused at the call with the rewrite
// (loops over local arrays): no derivative member returns a fresh array, and recursion cannot be inlined.
using System;
using System.Numerics;
using SourceAD;

namespace Signals;

public static partial class Fft
{
    private static Complex[] Transform(Complex[] a)
    {
        int n = a.Length;
        if (n == 1) return new[] { a[0] };
        var even = new Complex[n / 2];
        var odd = new Complex[n / 2];
        for (int i = 0; i < n / 2; i++)
        {
            even[i] = a[2 * i];
            odd[i] = a[2 * i + 1];
        }
        Complex[] e = Transform(even), o = Transform(odd);
        var result = new Complex[n];
        for (int k = 0; k < n / 2; k++)
        {
            Complex t = Complex.FromPolarCoordinates(1, -2 * Math.PI * k / n) * o[k];
            result[k] = e[k] + t;
            result[k + n / 2] = e[k] - t;
        }
        return result;
    }

    /// <summary>Power of one frequency bin of a radix-2 recursive FFT.</summary>
    [Differentiable]
    public static double SpectralPower(double[] signal, int bin)
    {
        var a = new Complex[signal.Length];
        for (int i = 0; i < signal.Length; i++) a[i] = new Complex(signal[i], 0);
        Complex[] spectrum = Transform(a);
        return spectrum[bin].Magnitude * spectrum[bin].Magnitude;
    }
}
