// entry: ML.Ragged.MeanNegativeLogLikelihood
// args: new double[][] { new[] { 0.2, -1.0, 0.5 }, new[] { 1.5 }, new[] { -0.3, 0.8 }, new[] { 0.0, 0.4, -0.6, 1.1 } }, new[] { 2, 0, 1, 3 }, 1.3
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Ragged
{
    /// <summary>
    /// Softmax cross-entropy over a batch of variable-length score vectors (one per example, as a jagged array), with a
    /// temperature; each example's log-probabilities go into a fresh array.
    /// </summary>
    [Differentiable]
    public static double MeanNegativeLogLikelihood(double[][] scores, int[] targets, double temperature)
    {
        double total = 0;
        for (int n = 0; n < scores.Length; n++)
        {
            double[] row = scores[n];
            double max = double.NegativeInfinity;
            for (int k = 0; k < row.Length; k++)
                if (row[k] / temperature > max) max = row[k] / temperature;
            double sum = 0;
            for (int k = 0; k < row.Length; k++) sum += Math.Exp(row[k] / temperature - max);
            var logProbabilities = new double[row.Length];
            for (int k = 0; k < row.Length; k++) logProbabilities[k] = row[k] / temperature - max - Math.Log(sum);
            total -= logProbabilities[targets[n]];
        }
        return total / scores.Length;
    }
}
