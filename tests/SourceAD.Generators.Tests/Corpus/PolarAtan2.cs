// entry: Geometry.Polar.AngleBetween
// args: 1.0, 0.5, -0.3, 1.2
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Polar
{
    /// <summary>Unsigned angle between two 2-D vectors, wrapped into [0, π].</summary>
    [Differentiable]
    public static double AngleBetween(double ax, double ay, double bx, double by)
    {
        double angle = Math.Atan2(by, bx) - Math.Atan2(ay, ax);
        while (angle > Math.PI) angle -= 2 * Math.PI;
        while (angle < -Math.PI) angle += 2 * Math.PI;
        return Math.Abs(angle);
    }
}
