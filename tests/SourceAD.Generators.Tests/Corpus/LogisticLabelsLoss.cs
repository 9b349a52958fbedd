// entry: Learning.Logistic.Loss
// args: new double[] { 0.3, -0.8 }, 0.1, new double[] { 1.0, 2.0, -0.5, 0.7, 1.5, -1.2 }, new[] { 1, 0, 1, 1, 0 }
// expect: works
// Logistic regression's mean log-loss with int labels, double.LogP1 for the softplus and a row-major data feature matrix.
using System;
using SourceAD;

namespace Learning;

public static partial class Logistic
{
    [Differentiable]
    public static double Loss(double[] w, double b, [NoDerivative] double[] features, [NoDerivative] int[] labels)
    {
        int d = w.Length;
        int n = features.Length / d;
        double total = 0;
        for (int r = 0; r < n && r < labels.Length; r++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * features[r * d + j];
            // log(1 + e^-z) when the label is 1, log(1 + e^z) when it is 0.
            total += labels[r] == 1 ? double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));
        }
        return total / n;
    }
}
