// entry: Geometry.Shoelace.Area
// args: new (double, double)[] { (0.0, 0.0), (4.0, 0.5), (3.5, 3.0), (0.5, 2.5) }
// expect: works
// An array of tuples as a parameter: one array per tuple element inside; Gradient returns a (double X, double Y)[] of the same length.
using System;
using SourceAD;

namespace Geometry;

public static partial class Shoelace
{
    /// <summary>Polygon area by the shoelace formula over an array of (X, Y) tuples.</summary>
    [Differentiable]
    public static double Area((double X, double Y)[] vertices)
    {
        double twice = 0;
        for (int i = 0; i < vertices.Length; i++)
        {
            var (x1, y1) = vertices[i];
            var (x2, y2) = vertices[(i + 1) % vertices.Length];
            twice += x1 * y2 - x2 * y1;
        }
        return Math.Abs(twice) / 2;
    }
}
