// entry: Stats.Histograms.WeightedEntropy
// args: new double[] { 0.12, 0.55, 0.31, 0.87, 0.49, 0.05 }, new double[] { 1.0, 2.0, 0.5, 1.5, 1.0, 0.8 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Histograms
{
    /// <summary>Entropy of a 4-bin weighted histogram of samples in [0, 1).</summary>
    [Differentiable]
    public static double WeightedEntropy([NoDerivative] double[] samples, double[] weights)
    {
        var bins = new double[4];
        double total = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            int bin = (int)(samples[i] * 4);
            if (bin > 3) bin = 3;
            bins[bin] += weights[i];
            total += weights[i];
        }
        double h = 0;
        for (int b = 0; b < 4; b++)
        {
            if (bins[b] <= 0) continue;
            double p = bins[b] / total;
            h -= p * Math.Log(p);
        }
        return h;
    }
}
