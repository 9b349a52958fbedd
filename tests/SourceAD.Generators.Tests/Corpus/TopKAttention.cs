// entry: ML.Attention.TopKReadout
// args: new double[] { 0.3, 2.1, -0.4, 1.7, 0.9, 1.2 }, new double[] { 1.0, -2.0, 0.5, 3.0, 0.25, -1.0 }, 3
// expect: refused
// Gap: OrderByDescending over a tuple Select, ToList() into a List of tuples and foreach deconstruction over it are
// refused, and so is Array.Sort(keys, items) on copies; a selection loop picking the k largest unused scores works.
// Sparse attention: keep the k highest scores with their positions (a tuple Select, OrderByDescending, Take), then a
// softmax over them with the max-subtraction trick and a weighted read of the values.
using System;
using System.Linq;
using SourceAD;

namespace ML;

public static partial class Attention
{
    /// <summary>Softmax-weighted average of values over the top-k scores.</summary>
    [Differentiable]
    public static double TopKReadout(double[] scores, double[] values, int k)
    {
        var top = scores.Select((s, i) => (Score: s, Index: i))
                        .OrderByDescending(p => p.Score)
                        .Take(k)
                        .ToList();

        double max = top[0].Score;
        double denominator = 0, numerator = 0;
        foreach (var (score, index) in top)
        {
            double w = Math.Exp(score - max);
            denominator += w;
            numerator += w * values[index];
        }
        return numerator / denominator;
    }
}
