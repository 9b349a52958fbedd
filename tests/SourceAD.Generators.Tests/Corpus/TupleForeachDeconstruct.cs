// entry: Geometry.Centroid.SpreadAround
// args: new (double, double)[] { (0.0, 0.0), (2.0, 0.5), (1.5, 2.0), (-0.5, 1.2) }, 0.7
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Centroid
{
    /// <summary>Mean squared distance of points from their centroid, scaled: tuple deconstruction in foreach.</summary>
    [Differentiable]
    public static double SpreadAround((double X, double Y)[] points, double scale)
    {
        double cx = 0, cy = 0;
        foreach (var (x, y) in points) { cx += x; cy += y; }
        cx /= points.Length;
        cy /= points.Length;
        double spread = 0;
        foreach ((double x, double y) in points)
            spread += (x - cx) * (x - cx) + (y - cy) * (y - cy);
        return scale * spread / points.Length;
    }
}
