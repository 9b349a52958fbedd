// entry: Nn.Activations.HardLoss
// args: new double[] { -4.0, -1.2, 0.3, 2.2, 3.5 }, new double[] { 0.0, 0.2, 0.6, 0.9, 1.0 }
// expect: works
// Hard sigmoid and ReLU6 written as chained ternaries, in a squared-error loss.
using System;
using SourceAD;

namespace Nn;

public static partial class Activations
{
    private static double HardSigmoid(double x) => x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5;
    private static double Relu6(double x) => x < 0 ? 0 : x > 6 ? 6 : x;

    [Differentiable]
    public static double HardLoss(double[] z, double[] target)
    {
        double loss = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double y = HardSigmoid(z[i]) * 0.9 + Relu6(z[i] + 1) * 0.01;
            loss += (y - target[i]) * (y - target[i]);
        }
        return loss;
    }
}
