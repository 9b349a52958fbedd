// entry: Geometry.Polyline.Length
// args: new System.Numerics.Vector2[] { new(0f, 0f), new(1f, 0.5f), new(2.5f, 0.25f), new(3f, 2f) }
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Geometry;

public static partial class Polyline
{
    /// <summary>Length of a polyline given as an array of Vector2.</summary>
    [Differentiable]
    public static float Length(Vector2[] points)
    {
        float total = 0f;
        for (int i = 1; i < points.Length; i++)
            total += Vector2.Distance(points[i - 1], points[i]);
        return total;
    }
}
