// entry: ML.Layers.Dense
// args: new double[] { 0.3, -0.8, 1.2 }, new double[] { 0.5, 0.25, -0.75 }, ML.Activation.Gelu
// expect: works
using System;
using SourceAD;

namespace ML;

public enum Activation { Identity, Relu, Tanh, Sigmoid, Gelu }

public static partial class Layers
{
    /// <summary>Sum of activations of w[i]·x[i], with the activation chosen by an enum.</summary>
    [Differentiable]
    public static double Dense(double[] weights, [NoDerivative] double[] inputs, Activation activation)
    {
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double z = weights[i] * inputs[i];
            total += activation switch
            {
                Activation.Relu => Math.Max(0, z),
                Activation.Tanh => Math.Tanh(z),
                Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                Activation.Gelu => 0.5 * z * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z))),
                _ => z,
            };
        }
        return total;
    }
}
