// entry: Search.Candidates.SoftBest
// args: new double[] { 0.4, 1.9, -0.3, 1.2 }, 0.5
// expect: works
// A nullable double local (double? best = null; best ?? 0.0): lowered as a has-value flag and a value.
using System;
using SourceAD;

namespace Search;

public static partial class Candidates
{
    /// <summary>Best score among candidates above a threshold, with a nullable to mean "none yet".</summary>
    [Differentiable]
    public static double SoftBest(double[] scores, double threshold)
    {
        double? best = null;
        foreach (double s in scores)
        {
            if (s < threshold) continue;
            double v = s * s - threshold;
            if (best is null || v > best) best = v;
        }
        return best ?? 0.0;
    }
}
