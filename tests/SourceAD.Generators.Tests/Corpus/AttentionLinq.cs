// entry: Models.Attention.Score
// args: new double[] { 0.3, -0.2, 0.9 }, new double[][] { new double[] { 0.1, 0.4, -0.3 }, new double[] { 0.7, -0.1, 0.2 }, new double[] { -0.5, 0.3, 0.8 } }, new double[] { 1.0, -2.0, 0.5 }
// expect: works
// Scaled dot-product attention for one query: scores via LINQ, stable softmax (max subtracted), weighted sum of values.
using System;
using System.Linq;
using SourceAD;

namespace Models;

public static partial class Attention
{
    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Attention output for a query over keys with scalar values.</summary>
    [Differentiable]
    public static double Score(double[] query, double[][] keys, double[] values)
    {
        double scale = 1.0 / Math.Sqrt(query.Length);
        var scores = new double[keys.Length];
        for (int j = 0; j < keys.Length; j++)
            scores[j] = Dot(query, keys[j]) * scale;
        double max = scores.Max();
        double norm = scores.Sum(s => Math.Exp(s - max));
        double output = 0;
        for (int j = 0; j < keys.Length; j++)
            output += Math.Exp(scores[j] - max) / norm * values[j];
        return output;
    }
}
