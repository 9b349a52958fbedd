// entry: Learning.Weights.Smoothed
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Learning;

public static partial class Weights
{
    /// <summary>Weights started with Enumerable.Repeat, offsets with Array.Fill, and a fractional power.</summary>
    [Differentiable]
    public static double Smoothed(double[] xs)
    {
        double[] w = Enumerable.Repeat(0.5, xs.Length).ToArray();
        double[] b = new double[xs.Length];
        Array.Fill(b, 1.0);
        double s = 0;
        for (int i = 0; i < xs.Length; i++) s += w[i] * Math.Pow(Math.Abs(xs[i]) + b[i], 2.5);
        return s;
    }
}
