// entry: Ml.Models.Neuron.Loss
// args: new double[] { 0.4, -0.2, 0.9 }, new double[] { 1.2, 0.5, -0.7 }, 0.3
// expect: works
using System;
using SourceAD;

namespace Ml.Models;

/// <summary>A utility class as people write them: static, public, never marked partial.</summary>
public static class Activations
{
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    public static double Softplus(double z) => z > 20 ? z : Math.Log(1.0 + Math.Exp(z));

    public static double Huber(double r, double delta)
    {
        double a = Math.Abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }
}

public partial class Neuron
{
    [Differentiable]
    public static double Loss(double[] w, double[] x, double target)
    {
        double z = 0;
        for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
        double y = Activations.Sigmoid(z) + 0.1 * Activations.Softplus(z);
        return Activations.Huber(y - target, 0.5);
    }
}
