// entry: Geometry.Spline.PathLength
// args: new double[] { 0.0, 1.0, 2.5, 3.0, 4.2 }, new double[] { 0.0, 0.8, 0.6, -0.4, 0.3 }, 12
// expect: works
// A uniform Catmull–Rom curve through 2-D control points, sampled and measured as a polyline; end segments repeat
// their end point through Math.Clamp on the neighbour indices.
using System;
using SourceAD;

namespace Geometry;

public static partial class Spline
{
    private static double CatmullRom(double p0, double p1, double p2, double p3, double u) =>
        0.5 * (2 * p1 + (-p0 + p2) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u * u + (-p0 + 3 * p1 - 3 * p2 + p3) * u * u * u);

    private static (double X, double Y) Evaluate(double[] xs, double[] ys, double t)
    {
        int n = xs.Length;
        int seg = Math.Clamp((int)Math.Floor(t), 0, n - 2);
        double u = t - seg;
        int i0 = Math.Clamp(seg - 1, 0, n - 1), i1 = seg, i2 = seg + 1, i3 = Math.Clamp(seg + 2, 0, n - 1);
        return (CatmullRom(xs[i0], xs[i1], xs[i2], xs[i3], u), CatmullRom(ys[i0], ys[i1], ys[i2], ys[i3], u));
    }

    /// <summary>Approximate length of the spline through (xs[i], ys[i]) from samplesPerSegment samples per segment.</summary>
    [Differentiable]
    public static double PathLength(double[] xs, double[] ys, int samplesPerSegment)
    {
        int total = (xs.Length - 1) * samplesPerSegment;
        var (px, py) = Evaluate(xs, ys, 0.0);
        double length = 0;
        for (int s = 1; s <= total; s++)
        {
            var (qx, qy) = Evaluate(xs, ys, (double)s / samplesPerSegment);
            length += double.Hypot(qx - px, qy - py);
            (px, py) = (qx, qy);
        }
        return length;
    }
}
