// entry: Geometry.Rotation.RotatedDistance
// args: 0.8, 1.5, -0.4, 2.0, 1.0
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Rotation
{
    /// <summary>Distance from a target after rotating the point (px, py) by theta.</summary>
    [Differentiable]
    public static double RotatedDistance(double theta, double px, double py, double tx, double ty)
    {
        var (sin, cos) = Math.SinCos(theta);
        double rx = cos * px - sin * py;
        double ry = sin * px + cos * py;
        return Math.Sqrt((rx - tx) * (rx - tx) + (ry - ty) * (ry - ty));
    }
}
