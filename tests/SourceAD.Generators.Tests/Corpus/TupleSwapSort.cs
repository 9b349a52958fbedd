// entry: Stats.Robust.TrimmedMean
// args: new double[] { 2.0, -1.0, 0.5, 3.5, 1.25, -0.75 }
// expect: works
// Insertion sort of a copy with tuple swaps, then the mean of the middle values.
using System;
using SourceAD;

namespace Stats;

public static partial class Robust
{
    /// <summary>Mean after dropping the smallest and largest value.</summary>
    [Differentiable]
    public static double TrimmedMean(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        for (int i = 1; i < sorted.Length; i++)
            for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
                (sorted[j - 1], sorted[j]) = (sorted[j], sorted[j - 1]);
        double sum = 0;
        for (int i = 1; i < sorted.Length - 1; i++) sum += sorted[i];
        return sum / (sorted.Length - 2);
    }
}
