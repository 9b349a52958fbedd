// entry: Nets.Mlp.Loss
// args: new double[][] { new double[] { 0.2, -0.4 }, new double[] { 0.7, 0.1 }, new double[] { -0.3, 0.5 } }, new double[] { 0.1, -0.1, 0.05 }, new double[] { 0.6, -0.8, 0.3 }, 0.2, new double[] { 0.5, -1.5 }, 0.25
// expect: works
// A one-hidden-layer network forward pass written with jagged weight arrays and a tanh activation, squared error loss.
using System;
using SourceAD;

namespace Nets;

public static partial class Mlp
{
    /// <summary>(f(x) - target)^2 for a 2-3-1 network.</summary>
    [Differentiable]
    public static double Loss(double[][] w1, double[] b1, double[] w2, double b2, [NoDerivative] double[] input, double target)
    {
        int hidden = w1.Length;
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double z = b1[j];
            for (int k = 0; k < input.Length; k++)
            {
                z += w1[j][k] * input[k];
            }
            h[j] = Math.Tanh(z);
        }
        double output = b2;
        for (int j = 0; j < hidden; j++)
        {
            output += w2[j] * h[j];
        }
        double err = output - target;
        return err * err;
    }
}
