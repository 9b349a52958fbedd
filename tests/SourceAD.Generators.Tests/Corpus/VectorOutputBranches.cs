// entry: ML.Activations2.LeakyClip
// args: new double[] { -2.5, -0.4, 0.3, 1.7, 0.9 }, 0.1, new double[5]
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Activations2
{
    /// <summary>Leaky ReLU with an upper soft clip, element-wise.</summary>
    [Differentiable]
    public static void LeakyClip(ReadOnlySpan<double> x, double slope, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                if (x[i] > 1) y[i] = 1 + Math.Log(x[i]);
                else y[i] = x[i];
            }
            else
            {
                y[i] = slope * x[i];
            }
        }
    }
}
