// entry: Signals.Dft.Power
// args: new double[] { 0.5, 1.0, -0.3, 0.8, -1.1, 0.2 }, 1
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Dft
{
    /// <summary>|X[k]|² of the DFT, with real and imaginary parts kept by hand.</summary>
    [Differentiable]
    public static double Power(double[] x, int k)
    {
        double re = 0, im = 0;
        for (int t = 0; t < x.Length; t++)
        {
            double angle = 2 * Math.PI * k * t / x.Length;
            re += x[t] * Math.Cos(angle);
            im -= x[t] * Math.Sin(angle);
        }
        return re * re + im * im;
    }

    public static double[] ExpectedGradient(double[] x, int k)
    {
        double re = 0, im = 0;
        int n = x.Length;
        for (int t = 0; t < n; t++) { re += x[t] * Math.Cos(2 * Math.PI * k * t / n); im -= x[t] * Math.Sin(2 * Math.PI * k * t / n); }
        var g = new double[n];
        for (int t = 0; t < n; t++) g[t] = 2 * re * Math.Cos(2 * Math.PI * k * t / n) - 2 * im * Math.Sin(2 * Math.PI * k * t / n);
        return g;
    }
}
