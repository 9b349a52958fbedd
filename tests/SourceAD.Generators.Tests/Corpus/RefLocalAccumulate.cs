// entry: Stats.Binning.WeightedBins
// args: new double[] { 0.2, 1.7, 2.4, 0.9, 2.1 }, new double[] { 1.0, 0.5, 2.0, 1.5, 0.25 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Binning
{
    /// <summary>Soft histogram: each value adds its weight to the bin it falls in, through a ref local to the bin.</summary>
    [Differentiable]
    public static double WeightedBins(double[] values, double[] weights)
    {
        var bins = new double[3];
        for (int i = 0; i < values.Length; i++)
        {
            int b = Math.Clamp((int)values[i], 0, bins.Length - 1);
            ref double slot = ref bins[b];
            slot += weights[i] * values[i];
        }
        double energy = 0;
        foreach (double v in bins) energy += v * v;
        return energy;
    }
}
