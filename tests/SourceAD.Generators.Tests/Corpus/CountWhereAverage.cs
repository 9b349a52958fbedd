// entry: Quality.Scores.PassRateWeighted
// args: new double[] { 0.2, 0.9, 0.55, 0.7, 0.1, 0.95 }, 0.5
// expect: works
// LINQ Count with a predicate (an int), Any, and Average over a Where: mixed passive and active queries.
using System;
using System.Linq;
using SourceAD;

namespace Quality;

public static partial class Scores
{
    /// <summary>Mean of the passing scores, scaled by the pass fraction; 0 if none pass.</summary>
    [Differentiable]
    public static double PassRateWeighted(double[] scores, double threshold)
    {
        int passing = scores.Count(s => s >= threshold);
        if (!scores.Any(s => s >= threshold)) return 0;
        double meanPassing = scores.Where(s => s >= threshold).Sum() / passing;
        return meanPassing * passing / scores.Length;
    }
}
