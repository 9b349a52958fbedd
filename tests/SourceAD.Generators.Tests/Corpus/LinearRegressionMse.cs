// entry: ML.Regression.MeanSquaredError
// args: new double[] { 0.5, -1.0 }, 0.25
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Regression
{
    private static readonly double[,] X = { { 1.0, 2.0 }, { 0.5, -1.0 }, { -1.5, 0.3 }, { 2.2, 1.1 } };
    private static readonly double[] Y = { 1.0, 0.2, -0.7, 2.5 };

    /// <summary>Mean squared error of a linear model on a small built-in data set.</summary>
    [Differentiable]
    public static double MeanSquaredError(double[] w, double b)
    {
        int rows = X.GetLength(0), cols = X.GetLength(1);
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            double prediction = b;
            for (int j = 0; j < cols; j++) prediction += X[i, j] * w[j];
            double e = prediction - Y[i];
            sum += e * e;
        }
        return sum / rows;
    }

    public static double[] ExpectedGradient(double[] w, double b)
    {
        var g = new double[3];
        for (int i = 0; i < 4; i++)
        {
            double e = b + X[i, 0] * w[0] + X[i, 1] * w[1] - Y[i];
            g[0] += 2 * e * X[i, 0] / 4;
            g[1] += 2 * e * X[i, 1] / 4;
            g[2] += 2 * e / 4;
        }
        return g;
    }
}
