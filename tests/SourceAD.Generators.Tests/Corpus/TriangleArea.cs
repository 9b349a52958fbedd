// entry: Geometry.Triangles.Area
// args: 0.1, 0.2, 2.0, 0.5, 0.7, 1.9
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Triangles
{
    /// <summary>Area of the triangle (x0,y0), (x1,y1), (x2,y2) via the shoelace formula.</summary>
    [Differentiable]
    public static double Area(double x0, double y0, double x1, double y1, double x2, double y2)
    {
        double cross = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        return Math.Abs(cross) / 2;
    }

    public static double[] ExpectedGradient(double x0, double y0, double x1, double y1, double x2, double y2)
    {
        double cross = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        double s = Math.Sign(cross) / 2.0;
        return new[] { s * (y1 - y2), s * (x2 - x1), s * (y2 - y0), s * (x0 - x2), s * (y0 - y1), s * (x1 - x0) };
    }
}
