// entry: Geometry.Polyline.Length
// args: new double[] { 0.0, 1.0, 2.5, 3.0 }, 0.4
// expect: works
// A local array of named tuples filled in a loop, then walked pairwise.
using System;
using SourceAD;

namespace Geometry;

public static partial class Polyline
{
    [Differentiable]
    public static double Length(double[] xs, double slope)
    {
        var pts = new (double X, double Y)[xs.Length];
        for (int i = 0; i < xs.Length; i++) pts[i] = (xs[i], slope * xs[i] * xs[i]);
        double len = 0;
        for (int i = 1; i < pts.Length; i++)
        {
            double dx = pts[i].X - pts[i - 1].X, dy = pts[i].Y - pts[i - 1].Y;
            len += Math.Sqrt(dx * dx + dy * dy);
        }
        return len;
    }
}
