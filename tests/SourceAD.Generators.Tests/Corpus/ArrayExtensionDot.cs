// entry: Ml.LinearModel.MeanSquaredError
// args: new double[] { 0.5, -0.2, 0.1 }, 0.3
// expect: refused
// A row of a static jagged data field passed to a helper (w.Dot(Features[i])) is refused with the rewrite to copy the row into a local array first.
// Extension methods on double[] (Dot, Norm2) used in a linear model's loss with L2 regularisation.
using System;
using SourceAD;

namespace Ml;

public static class VectorExtensions
{
    public static double Dot(this double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double Norm2(this double[] a) => a.Dot(a);
}

public static partial class LinearModel
{
    private static readonly double[][] Features = { new[] { 1.0, 0.2, 3.0 }, new[] { 1.0, -1.0, 0.5 }, new[] { 1.0, 0.7, -2.0 } };
    private static readonly double[] Targets = { 1.5, -0.4, 0.2 };

    [Differentiable]
    public static double MeanSquaredError(double[] w, double lambda)
    {
        double loss = 0;
        for (int i = 0; i < Features.Length; i++)
        {
            double r = w.Dot(Features[i]) - Targets[i];
            loss += r * r;
        }
        return loss / Features.Length + lambda * w.Norm2();
    }
}
