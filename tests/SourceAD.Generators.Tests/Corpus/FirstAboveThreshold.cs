// entry: Stats.Search.FirstExceedance
// args: new double[] { 0.2, 0.9, 1.4, 0.3, 2.2 }, 1.0, 3.0
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Search
{
    /// <summary>Scaled overshoot of the first sample above a threshold, or a fallback when none is.</summary>
    [Differentiable]
    public static double FirstExceedance(double[] samples, double threshold, double scale)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (samples[i] <= threshold) continue;
            double overshoot = samples[i] - threshold;
            if (i > 0 && samples[i - 1] > 0.5 * threshold)
            {
                return scale * overshoot * overshoot + samples[i - 1];
            }
            return scale * overshoot;
        }
        return -threshold;
    }
}
