// entry: ML.Activations.Softmax
// args: new double[] { 0.5, -1.0, 2.0 }, new double[3]
// closed-form: ExpectedJacobian
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Activations
{
    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> logits, Span<double> probabilities)
    {
        double max = double.MinValue;
        foreach (double z in logits) max = Math.Max(max, z);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < logits.Length; i++) probabilities[i] /= sum;
    }

    public static double[,] ExpectedJacobian(ReadOnlySpan<double> z, Span<double> unused)
    {
        int n = z.Length;
        var p = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) { p[i] = Math.Exp(z[i]); s += p[i]; }
        for (int i = 0; i < n; i++) p[i] /= s;
        var j = new double[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                j[r, c] = p[r] * ((r == c ? 1 : 0) - p[c]);
        return j;
    }
}
