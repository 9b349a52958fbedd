// entry: Scan.Peaks.Sum
// args: new double[] { 0.3, 1.4, -0.2, 0.9, 1.1, -0.6, 0.5 }, 0.4
// expect: works
using System;
using SourceAD;

namespace Scan;

public static partial class Peaks
{
    /// <summary>Sums runs of values above a threshold, advancing the cursor inside the condition.</summary>
    [Differentiable]
    public static double Sum(double[] xs, double threshold)
    {
        double total = 0;
        int i = 0;
        while (i < xs.Length)
        {
            if (xs[i] > threshold && i + 1 < xs.Length && xs[++i] > threshold)
                total += xs[i] * xs[i - 1];
            else
                i++;
        }
        return total;
    }
}
