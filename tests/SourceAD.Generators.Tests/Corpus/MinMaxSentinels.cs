// entry: Stats.Range.NormalizedSpread
// args: new double[] { 2.0, -1.5, 3.25, 0.5, 1.0 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Range
{
    /// <summary>(max − min)/mean|x|, scanning with double.MaxValue/MinValue sentinels as people do.</summary>
    [Differentiable]
    public static double NormalizedSpread(double[] values)
    {
        double min = double.MaxValue, max = double.MinValue, absSum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v < min) min = v;
            if (v > max) max = v;
            absSum += Math.Abs(v);
        }
        return (max - min) / (absSum / values.Length);
    }
}
