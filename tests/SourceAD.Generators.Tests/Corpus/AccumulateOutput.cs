// entry: Signals.Convolution.Convolve
// args: new double[] { 0.5, 1.0, -0.5, 2.0 }, new double[] { 0.25, 0.5, 0.25 }, new double[6]
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Convolution
{
    /// <summary>Full linear convolution, accumulating into the output.</summary>
    [Differentiable]
    public static void Convolve(ReadOnlySpan<double> signal, ReadOnlySpan<double> kernel, Span<double> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            for (int k = 0; k < kernel.Length; k++)
            {
                output[i + k] += signal[i] * kernel[k];
            }
        }
    }
}
