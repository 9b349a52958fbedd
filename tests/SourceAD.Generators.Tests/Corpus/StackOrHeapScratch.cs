// entry: Kernels.Scratch.Smoothed
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }
// expect: works
using System;
using SourceAD;

namespace Kernels;

public static partial class Scratch
{
    /// <summary>A tanh pass into a scratch buffer on the stack when it is small, on the heap otherwise.</summary>
    [Differentiable]
    public static double Smoothed(double[] x)
    {
        int n = x.Length;
        Span<double> buf = n <= 64 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++) buf[i] = Math.Tanh(x[i]);
        double s = 0;
        for (int i = 0; i < n; i++) s += buf[i] * x[(i + 1) % n];
        return s;
    }
}
