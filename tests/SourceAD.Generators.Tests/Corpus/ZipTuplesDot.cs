// entry: Geometry.Pairs.WeightedDistance
// args: new double[] { 0.5, -1.0, 2.0, 0.25 }, new double[] { 1.5, 0.5, -0.5, 2.0 }
// expect: works
// .NET 6's tuple-returning Zip (no selector): x.Zip(y).Sum(p => …), and deconstruction in a foreach over it.
using System;
using System.Linq;
using SourceAD;

namespace Geometry;

public static partial class Pairs
{
    /// <summary>Σ (x_i − y_i)² plus Σ x_i·y_i, written with the tuple Zip.</summary>
    [Differentiable]
    public static double WeightedDistance(double[] x, double[] y)
    {
        double squared = x.Zip(y).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        double dot = 0;
        foreach (var (a, b) in x.Zip(y)) dot += a * b;
        return squared + dot;
    }
}
