// entry: ML.Losses.SoftmaxCrossEntropy
// args: new double[] { 1.2, -0.3, 2.5, 0.4 }, 2
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Losses
{
    /// <summary>Cross-entropy of softmax(logits) against a class index, computed stably.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(double[] logits, int target)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            if (logits[i] > max) max = logits[i];
        }
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }
        return Math.Log(sum) + max - logits[target];
    }

    public static double[] ExpectedGradient(double[] z, int target)
    {
        double m = 0, s = 0;
        foreach (double v in z) m = Math.Max(m, v);
        foreach (double v in z) s += Math.Exp(v - m);
        var g = new double[z.Length];
        for (int i = 0; i < z.Length; i++) g[i] = Math.Exp(z[i] - m) / s - (i == target ? 1 : 0);
        return g;
    }
}
