// entry: Geometry.Polygons.Perimeter
// args: new double[] { 0, 2, 2.5, 0.3 }, new double[] { 0, 0.1, 1.8, 1.5 }
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Polygons
{
    /// <summary>Perimeter of a closed polygon given by its vertex coordinates.</summary>
    [Differentiable]
    public static double Perimeter(double[] xs, double[] ys)
    {
        int n = xs.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            double dx = xs[j] - xs[i];
            double dy = ys[j] - ys[i];
            total += Math.Sqrt(dx * dx + dy * dy);
        }
        return total;
    }
}
