// entry: Stats.Robust.MedianAbsoluteDeviation
// args: new double[] { 1.2, 3.4, 0.7, 2.2, 5.9, 1.8, 2.6 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Robust
{
    /// <summary>Median absolute deviation: sort a copy, take the median, then the median of |x − m|.</summary>
    [Differentiable]
    public static double MedianAbsoluteDeviation(double[] x)
    {
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2];
        var deviations = new double[x.Length];
        for (int i = 0; i < x.Length; i++) deviations[i] = Math.Abs(x[i] - median);
        Array.Sort(deviations);
        return deviations[deviations.Length / 2];
    }
}
