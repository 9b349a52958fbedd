// entry: Geometry.Centroids.SpreadAroundCentroid
// args: 0.0, 0.0, 2.0, 0.5, 1.0, 1.8
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Centroids
{
    /// <summary>Mean squared distance of three points to their centroid.</summary>
    [Differentiable]
    public static double SpreadAroundCentroid(double x0, double y0, double x1, double y1, double x2, double y2)
    {
        var xs = new[] { x0, x1, x2 };
        var ys = new[] { y0, y1, y2 };
        double cx = (xs[0] + xs[1] + xs[2]) / 3, cy = (ys[0] + ys[1] + ys[2]) / 3;
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s += (xs[i] - cx) * (xs[i] - cx) + (ys[i] - cy) * (ys[i] - cy);
        }
        return s / 3;
    }
}
