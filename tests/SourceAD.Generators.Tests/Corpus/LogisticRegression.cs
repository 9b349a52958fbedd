// entry: ML.LogisticRegression.Loss
// args: new double[] { 0.3, -0.2, 0.5 }, 0.1
// receiver: new ML.LogisticRegression(new[] { new[] { 1.0, 0.5, -1.2 }, new[] { -0.3, 2.0, 0.4 }, new[] { 0.8, -0.7, 1.5 }, new[] { 1.1, 0.1, -0.2 } }, new[] { 1, 0, 1, 0 }, 0.01)
// expect: works
using System;
using SourceAD;

namespace ML;

/// <summary>Binary logistic regression with L2 regularisation over a fixed training set.</summary>
public partial class LogisticRegression
{
    private readonly double[][] features;
    private readonly int[] labels;
    private readonly double lambda;

    public LogisticRegression(double[][] features, int[] labels, double lambda)
    {
        this.features = features;
        this.labels = labels;
        this.lambda = lambda;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Differentiable]
    public double Loss(double[] weights, double bias)
    {
        double loss = 0;
        for (int n = 0; n < features.Length; n++)
        {
            double z = bias;
            for (int j = 0; j < weights.Length; j++)
            {
                z += weights[j] * features[n][j];
            }
            double p = Sigmoid(z);
            loss -= labels[n] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        double reg = 0;
        foreach (double w in weights) reg += w * w;
        return loss / features.Length + lambda * reg;
    }
}
