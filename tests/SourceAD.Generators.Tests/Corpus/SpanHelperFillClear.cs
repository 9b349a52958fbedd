// entry: Dsp.Smoother.Energy
// args: new double[] { 0.3, 1.2, -0.7, 0.5, 2.0, 1.1 }, 0.6
// expect: works
// Round 20, second batch. A scratch span cleared with Clear() and filled by a helper that takes Span<double> and
// ReadOnlySpan<double> parameters (an exponential smoother writing into its output span).
using System;
using SourceAD;

namespace Dsp;

public static partial class Smoother
{
    static void Smooth(ReadOnlySpan<double> input, Span<double> output, double alpha)
    {
        double s = input[0];
        for (int i = 0; i < input.Length; i++)
        {
            s = alpha * input[i] + (1 - alpha) * s;
            output[i] = s;
        }
    }

    [Differentiable]
    public static double Energy(double[] x, double alpha)
    {
        Span<double> y = stackalloc double[x.Length];
        y.Clear();
        Smooth(x, y, alpha);
        double e = 0.0;
        for (int i = 0; i < y.Length; i++) e += y[i] * y[i];
        return e;
    }
}
