// entry: Nets.DenseLayer.Loss
// args: new double[][] { new double[] { 0.2, -0.4, 0.1 }, new double[] { 0.7, 0.3, -0.5 } }, new double[] { 0.5, -1.2, 0.8 }, new double[] { 1.0, 0.0 }
// expect: works
using System;
using SourceAD;

namespace Nets;

public static partial class DenseLayer
{
    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Squared error of a tanh layer whose weights are one row per output unit.</summary>
    [Differentiable]
    public static double Loss(double[][] weights, double[] input, double[] target)
    {
        double loss = 0;
        for (int j = 0; j < weights.Length; j++)
        {
            double y = Math.Tanh(Dot(weights[j], input));
            loss += (y - target[j]) * (y - target[j]);
        }
        return loss / weights.Length;
    }
}
