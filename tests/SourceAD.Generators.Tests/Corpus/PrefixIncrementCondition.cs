// entry: Bins.Capped.Fill
// args: new double[] { 0.1, 0.7, 0.4, 0.75, 0.2, 0.9, 0.72 }
// expect: works
using System;
using SourceAD;

namespace Bins;

public static partial class Capped
{
    /// <summary>Each bin takes at most two values; counts are bumped inside the condition.</summary>
    [Differentiable]
    public static double Fill(double[] xs)
    {
        var counts = new int[2];
        var sums = new double[2];
        foreach (double x in xs)
        {
            int b = x < 0.5 ? 0 : 1;
            if (++counts[b] > 2) continue;
            sums[b] += x * x;
        }
        return sums[0] * 3 + sums[1];
    }
}
