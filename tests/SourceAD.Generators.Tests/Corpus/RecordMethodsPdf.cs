// entry: Stats.Mixture.LogLikelihood
// args: new double[] { 0.3, -1.2, 2.4, 0.9 }, 0.4, 1.3
// expect: works
// A positional record with a computed property and an instance method, built in the method from its inputs.
using System;
using SourceAD;

namespace Stats;

public readonly record struct Gaussian(double Mu, double Sigma)
{
    public double Variance => Sigma * Sigma;

    public double LogPdf(double x) => -0.5 * Math.Log(2 * Math.PI * Variance) - (x - Mu) * (x - Mu) / (2 * Variance);
}

public static partial class Mixture
{
    /// <summary>Σ log N(x_i; μ, σ) with the Gaussian as a record struct.</summary>
    [Differentiable]
    public static double LogLikelihood(double[] xs, double mu, double sigma)
    {
        var g = new Gaussian(mu, sigma);
        double total = 0;
        foreach (double x in xs) total += g.LogPdf(x);
        return total;
    }
}
