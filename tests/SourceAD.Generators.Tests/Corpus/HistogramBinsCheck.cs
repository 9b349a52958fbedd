// entry: Stats.Binning.SmoothedEntropy
// args: new double[] { 0.12, 0.47, 0.33, 0.91, 0.58, 0.26, 0.74, 0.05 }, 4, 0.2
// expect: works
// Round 20. Soft histogram entropy: each sample's bin by (int)(x * bins) clamped with Math.Min, a soft weight from
// its distance to the bin centre, the counts in a local array, then -sum p log p.
using System;
using SourceAD;

namespace Stats;

public static partial class Binning
{
    [Differentiable]
    public static double SmoothedEntropy(double[] samples, [NoDerivative] int bins, double width)
    {
        var counts = new double[bins];
        foreach (double x in samples)
        {
            int b = Math.Min((int)(x * bins), bins - 1);
            double centre = (b + 0.5) / bins;
            double d = (x - centre) / width;
            counts[b] += Math.Exp(-d * d);
        }
        double total = 0.0;
        for (int b = 0; b < bins; b++) total += counts[b];
        double h = 0.0;
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] == 0) continue;
            double p = counts[b] / total;
            h -= p * Math.Log(p);
        }
        return h;
    }
}
