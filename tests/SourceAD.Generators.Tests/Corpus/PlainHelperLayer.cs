// entry: Nets.TinyNet.Loss
// args: new double[] { 0.3, -0.5, 0.8, 0.1, -0.2, 0.6 }, new double[] { 0.7, -1.1 }
// receiver: new Nets.TinyNet(new double[] { 1.0, -0.5, 2.0 }, 0.9)
// expect: works
using System;
using SourceAD;

namespace Nets;

/// <summary>A one-layer network whose helpers (layer, activation, loss) carry no attribute: only the entry point does.</summary>
public partial class TinyNet
{
    private readonly double[] input;
    private readonly double target;

    public TinyNet(double[] input, double target)
    {
        this.input = input;
        this.target = target;
    }

    private static void Dense(double[] weights, double[] x, double[] y)
    {
        for (int o = 0; o < y.Length; o++)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += weights[o * x.Length + i] * x[i];
            y[o] = s;
        }
    }

    private static double Softplus(double z) => z > 20 ? z : Math.Log(1 + Math.Exp(z));

    private static double Activate(double z, double gain) => gain * Softplus(z) - 0.5 * z;

    private double SquaredError(double prediction) => (prediction - target) * (prediction - target);

    [Differentiable]
    public double Loss(double[] weights, double[] head)
    {
        var hidden = new double[head.Length];
        Dense(weights, input, hidden);
        double prediction = 0;
        for (int o = 0; o < hidden.Length; o++) prediction += head[o] * Activate(hidden[o], 1.5);
        return SquaredError(prediction);
    }
}
