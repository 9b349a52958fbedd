// entry: Stats.Robust.MedianAbsDeviation
// args: new double[] { 1.0, 4.2, 2.5, 0.2, 3.3 }
// expect: works
// Median and median absolute deviation with OrderBy(...).ToArray().
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Robust
{
    [Differentiable]
    public static double MedianAbsDeviation(double[] x)
    {
        double[] sorted = x.OrderBy(v => v).ToArray();
        double med = sorted[sorted.Length / 2];
        double[] dev = x.Select(v => Math.Abs(v - med)).OrderBy(d => d).ToArray();
        return dev[dev.Length / 2];
    }
}
