// entry: Interp.Curves.PointX
// args: new Interp.Point(0, 0), new Interp.Point(1, 2), new Interp.Point(3, 3), new Interp.Point(4, 1), 0.35
// expect: works
using System;
using SourceAD;

namespace Interp;

public record Point(double X, double Y);

public static partial class Curves
{
    private static double Blend(double p0, double p1, double p2, double p3, double t)
    {
        double t2 = t * t, t3 = t2 * t;
        return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
    }

    /// <summary>x coordinate of a Catmull–Rom segment between p1 and p2.</summary>
    [Differentiable]
    public static double PointX(Point p0, Point p1, Point p2, Point p3, double t)
    {
        return Blend(p0.X, p1.X, p2.X, p3.X, t) + 0.1 * Blend(p0.Y, p1.Y, p2.Y, p3.Y, t);
    }
}
