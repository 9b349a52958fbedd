// entry: Nn.TinyMlp.CrossEntropy
// args: new double[][] { new[] { 0.2, -0.4 }, new[] { 0.7, 0.1 }, new[] { -0.3, 0.5 } }, new double[] { 0.0, 0.1, -0.1 }, new double[][] { new[] { 0.6, -0.2, 0.3 }, new[] { -0.5, 0.4, 0.9 } }, new double[] { 1.2, -0.7 }, 1
// expect: works
// A two-layer perceptron (tanh hidden layer, softmax output) with jagged weight arrays, and its cross-entropy.
using System;
using SourceAD;

namespace Nn;

public static partial class TinyMlp
{
    [Differentiable]
    public static double CrossEntropy(double[][] w1, double[] b1, double[][] w2, double[] input, int label)
    {
        var hidden = new double[w1.Length];
        for (int j = 0; j < w1.Length; j++)
        {
            double z = b1[j];
            for (int i = 0; i < input.Length; i++) z += w1[j][i] * input[i];
            hidden[j] = Math.Tanh(z);
        }
        var logits = new double[w2.Length];
        double max = double.NegativeInfinity;
        for (int k = 0; k < w2.Length; k++)
        {
            for (int j = 0; j < hidden.Length; j++) logits[k] += w2[k][j] * hidden[j];
            max = Math.Max(max, logits[k]);
        }
        double sumExp = 0;
        foreach (double l in logits) sumExp += Math.Exp(l - max);
        return -(logits[label] - max - Math.Log(sumExp));
    }
}
