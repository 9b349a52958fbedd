// entry: Stats.Moments.Variance
// args: new System.Collections.Generic.List<double> { 1.0, 2.5, -0.5, 3.0 }
// expect: works
// A List<double> parameter: read in place as a span of its storage (list[i], Count, foreach); Gradient returns a double[] of its Count.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Stats;

public static partial class Moments
{
    /// <summary>Sample variance of a List&lt;double&gt;.</summary>
    [Differentiable]
    public static double Variance(List<double> samples)
    {
        double mean = 0;
        for (int i = 0; i < samples.Count; i++) mean += samples[i];
        mean /= samples.Count;
        double ss = 0;
        foreach (double s in samples) ss += (s - mean) * (s - mean);
        return ss / (samples.Count - 1);
    }
}
