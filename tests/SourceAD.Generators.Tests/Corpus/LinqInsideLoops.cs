// entry: Clustering.Soft.Assign
// args: new double[] { 0.2, 1.4, 2.9, 3.1, 0.7 }, new double[] { 0.5, 3.0 }, 1.5
// expect: works
// LINQ queries inside a loop that capture the loop's variables: a soft-min over centres per point.
using System;
using System.Linq;
using SourceAD;

namespace Clustering;

public static partial class Soft
{
    /// <summary>Σ_i −log Σ_k exp(−β (x_i − c_k)²)/β: a soft k-means cost.</summary>
    [Differentiable]
    public static double Assign(double[] points, double[] centres, double beta)
    {
        double cost = 0;
        for (int i = 0; i < points.Length; i++)
        {
            double x = points[i];
            double nearest = centres.Min(c => (x - c) * (x - c));
            double z = centres.Sum(c => Math.Exp(-beta * ((x - c) * (x - c) - nearest)));
            cost += nearest - Math.Log(z) / beta;
        }
        return cost;
    }
}
