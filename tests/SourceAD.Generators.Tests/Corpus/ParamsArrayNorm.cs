// entry: Geometry.Norms.Distance
// args: 1.5, -0.5, 2.0, 0.25
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Norms
{
    private static double Hypot(params double[] components)
    {
        double s = 0;
        foreach (var c in components) s += c * c;
        return Math.Sqrt(s);
    }

    /// <summary>Distance between two points via a params helper.</summary>
    [Differentiable]
    public static double Distance(double x1, double y1, double x2, double y2) => Hypot(x2 - x1, y2 - y1);
}
