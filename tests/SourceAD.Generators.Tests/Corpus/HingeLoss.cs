// entry: ML.Svm.HingeLoss
// args: new double[] { 0.4, -0.3 }, 0.1
// receiver: new ML.Svm()
// expect: works
using System;
using SourceAD;

namespace ML;

public partial class Svm
{
    private readonly double[][] _x = { new[] { 1.0, 2.0 }, new[] { -1.0, -0.5 }, new[] { 2.0, -1.0 }, new[] { 0.2, 0.1 } };
    private readonly int[] _y = { 1, -1, 1, -1 };
    public double C { get; init; } = 0.5;

    /// <summary>Soft-margin SVM objective.</summary>
    [Differentiable]
    public double HingeLoss(double[] w, double b)
    {
        double loss = 0.5 * (w[0] * w[0] + w[1] * w[1]);
        for (int i = 0; i < _x.Length; i++)
        {
            double margin = _y[i] * (w[0] * _x[i][0] + w[1] * _x[i][1] + b);
            loss += C * Math.Max(0, 1 - margin);
        }
        return loss;
    }
}
