// entry: ML.Mixture.LogLikelihood
// args: new double[] { 0.2, -0.5, 1.0 }, new double[][] { new[] { 0.0, 0.1 }, new[] { 1.0, -1.0 }, new[] { -1.0, 0.5 } }, new double[] { 0.0, 0.3, -0.2 }
// receiver: new ML.Mixture(new double[][] { new[] { 0.1, 0.2 }, new[] { 0.9, -0.8 }, new[] { -1.2, 0.4 }, new[] { 0.3, 0.0 }, new[] { 1.5, -1.1 } })
// expect: works
using System;
using SourceAD;

namespace ML;

/// <summary>Isotropic Gaussian mixture; the log-likelihood of fixed 2-D data.</summary>
public partial class Mixture
{
    private readonly double[][] data;

    public Mixture(double[][] data) => this.data = data;

    [Differentiable]
    public double LogLikelihood(double[] logWeights, double[][] means, double[] logSigmas)
    {
        int k = logWeights.Length;
        // log-normalizer of the weights
        double maxW = logWeights[0];
        for (int c = 1; c < k; c++) maxW = Math.Max(maxW, logWeights[c]);
        double sw = 0;
        for (int c = 0; c < k; c++) sw += Math.Exp(logWeights[c] - maxW);
        double logZ = maxW + Math.Log(sw);

        double total = 0;
        foreach (double[] x in data)
        {
            double best = double.NegativeInfinity;
            double[] terms = new double[k];
            for (int c = 0; c < k; c++)
            {
                double sigma = Math.Exp(logSigmas[c]);
                double d2 = 0;
                for (int j = 0; j < x.Length; j++)
                {
                    double diff = (x[j] - means[c][j]) / sigma;
                    d2 += diff * diff;
                }
                terms[c] = logWeights[c] - logZ - x.Length * (logSigmas[c] + 0.5 * Math.Log(2 * Math.PI)) - 0.5 * d2;
                if (terms[c] > best) best = terms[c];
            }
            double s = 0;
            for (int c = 0; c < k; c++) s += Math.Exp(terms[c] - best);
            total += best + Math.Log(s);
        }
        return total;
    }
}
