// entry: ML.BinaryClassifier.Loss
// args: new double[] { 0.4, -0.1 }
// receiver: new ML.BinaryClassifier(new[] { 1.0, 0.3, -0.5, 2.0 }, new[] { 1.0, 0.0 })
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class MathUtil
{
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Differentiable]
    public static double BinaryCrossEntropy(double p, double label) => -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));
}

/// <summary>Two-sample logistic classifier; features are stored row-major in a field.</summary>
public partial class BinaryClassifier
{
    private readonly double[] _x;
    private readonly double[] _y;

    public BinaryClassifier(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    private double Scale => 1.0 / _y.Length;

    [Differentiable]
    public double Loss(double[] w)
    {
        double loss = 0;
        for (int n = 0; n < 2; n++)
        {
            double z = w[0] * _x[2 * n] + w[1] * _x[2 * n + 1];
            loss += MathUtil.BinaryCrossEntropy(MathUtil.Sigmoid(z), _y[n]);
        }
        return loss * Scale;
    }
}
