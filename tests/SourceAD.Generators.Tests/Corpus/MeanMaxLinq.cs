// entry: Stats.Summary.Spread
// args: new double[] { 1.5, -0.2, 3.7, 2.2, 0.9 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Summary
{
    /// <summary>How far the largest sample is above the mean, relative to the smallest.</summary>
    [Differentiable]
    public static double Spread(double[] samples)
    {
        double mean = samples.Average();
        double max = samples.Max();
        double min = samples.Min();
        return (max - mean) / (1 + Math.Abs(min)) + samples.Sum() * 0.1;
    }
}
