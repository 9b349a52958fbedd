// entry: Values.Copies.Shifted
// args: 0.6, -1.4
// expect: works
using System;
using SourceAD;

namespace Values;

public struct Point2
{
    public double X, Y;
    public Point2(double x, double y) { X = x; Y = y; }
}

public static partial class Copies
{
    /// <summary>A struct copy is a copy: moving the copy leaves the original where it was.</summary>
    [Differentiable]
    public static double Shifted(double x, double y)
    {
        var p = new Point2(x, y);
        var q = p;
        q.X += 2 * y;
        q.Y *= x;
        Point2[] pts = new Point2[2];
        pts[0] = q;
        pts[1] = pts[0];
        pts[1].X -= 1;
        return p.X * p.Y + q.X - q.Y + pts[0].X * pts[1].X;
    }
}
