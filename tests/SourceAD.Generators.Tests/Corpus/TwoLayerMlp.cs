// entry: ML.Mlp.Forward
// args: new double[,] { { 0.1, -0.2 }, { 0.4, 0.3 }, { -0.5, 0.2 } }, new double[] { 0.0, 0.1, -0.1 }, new double[] { 0.7, -0.4, 0.25 }, 0.05, new double[] { 1.0, -2.0 }
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Mlp
{
    /// <summary>One hidden tanh layer, scalar output.</summary>
    [Differentiable]
    public static double Forward(double[,] w1, double[] b1, double[] w2, double b2, [NoDerivative] double[] input)
    {
        int hidden = w1.GetLength(0);
        int inputs = w1.GetLength(1);
        double output = b2;
        for (int h = 0; h < hidden; h++)
        {
            double a = b1[h];
            for (int i = 0; i < inputs; i++) a += w1[h, i] * input[i];
            output += w2[h] * Math.Tanh(a);
        }
        return output;
    }
}
