// entry: Stats.Distributions.NormalLogLikelihood
// args: new double[] { 1.2, 0.7, 2.3, 1.9, 0.4 }, 1.1, -0.3
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Distributions
{
    public static double LogSqrtTwoPi => 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Log-likelihood of samples under N(mu, exp(logSigma)²).</summary>
    [Differentiable]
    public static double NormalLogLikelihood(double[] samples, double mu, double logSigma)
    {
        double sigma = Math.Exp(logSigma);
        double total = 0;
        foreach (double x in samples)
        {
            double z = (x - mu) / sigma;
            total += -LogSqrtTwoPi - logSigma - 0.5 * z * z;
        }
        return total;
    }

    public static double[] ExpectedGradient(double[] xs, double mu, double ls)
    {
        double s = Math.Exp(ls);
        var g = new double[xs.Length + 2];
        for (int i = 0; i < xs.Length; i++)
        {
            double z = (xs[i] - mu) / s;
            g[i] = -z / s;
            g[xs.Length] += z / s;
            g[xs.Length + 1] += -1 + z * z;
        }
        return g;
    }
}
