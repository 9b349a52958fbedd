// entry: Networks.Chain.Forward
// args: new double[] { 0.4, -0.7, 1.1 }, new double[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.6, 0.2, 0.7, -0.3, 0.25, -0.15, 0.35, 0.45, 0.05, -0.5, 0.4, -0.6, 0.2 }, 2
// expect: works
using System;
using SourceAD;

namespace Networks;

/// <summary>
/// A stack of square tanh layers written the way buffer-reusing code is: one activations array, a slice per layer, and
/// an input span that points at the previous layer's slice.
/// </summary>
public static partial class Chain
{
    /// <summary>y = tanh(W · x) for a square W stored row by row.</summary>
    [Differentiable]
    public static void Dense(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> y)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += w[i * n + j] * x[j];
            y[i] = Math.Tanh(s);
        }
    }

    [Differentiable]
    public static double Forward(double[] x, double[] weights, int layers)
    {
        int n = x.Length;
        double[] activations = new double[n * layers];
        ReadOnlySpan<double> input = x;
        for (int l = 0; l < layers; l++)
        {
            Span<double> output = activations.AsSpan(l * n, n);
            Dense(input, weights.AsSpan(l * n * n, n * n), output);
            input = output;
        }
        double loss = 0;
        for (int i = 0; i < n; i++) loss += (i + 1) * input[i];
        return loss;
    }
}
