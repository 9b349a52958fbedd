// entry: Stats.Distributions.Entropy
// args: new double[] { 2.0, 1.0, 0.5, 4.0 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Distributions
{
    /// <summary>Shannon entropy of the weights after normalizing them in place to a distribution.</summary>
    [Differentiable]
    public static double Entropy(double[] weights)
    {
        double total = weights.Sum();
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        double h = 0;
        foreach (double p in weights) h -= p * Math.Log(p);
        return h;
    }
}
