// entry: ML.Robust.Huber
// args: new double[] { 1.0, 2.0, 3.0, 4.0 }, new double[] { 1.3, 0.5, 3.2, 7.5 }, 1.0
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Robust
{
    /// <summary>Mean Huber loss between predictions and targets.</summary>
    [Differentiable]
    public static double Huber(double[] predictions, [NoDerivative] double[] targets, double delta)
    {
        double total = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double r = predictions[i] - targets[i];
            double a = Math.Abs(r);
            total += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        }
        return total / predictions.Length;
    }

    public static double[] ExpectedGradient(double[] p, double[] t, double delta)
    {
        var g = new double[p.Length + 1];
        for (int i = 0; i < p.Length; i++)
        {
            double r = p[i] - t[i];
            g[i] = (Math.Abs(r) <= delta ? r : delta * Math.Sign(r)) / p.Length;
            if (Math.Abs(r) > delta) g[p.Length] += (Math.Abs(r) - delta) / p.Length;
        }
        return g;
    }
}
