// entry: Geometry.Meshes.TriangleArea
// args: new System.Numerics.Vector3(0.1f, 0.2f, 0.3f), new System.Numerics.Vector3(1.2f, 0.1f, -0.4f), new System.Numerics.Vector3(0.4f, 1.1f, 0.8f)
// closed-form: ExpectedGradient
// closed-form-tolerance: 1e-5
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Geometry;

public static partial class Meshes
{
    /// <summary>Area of a triangle from the cross product of two edges.</summary>
    [Differentiable]
    public static double TriangleArea(Vector3 a, Vector3 b, Vector3 c)
    {
        Vector3 normal = Vector3.Cross(b - a, c - a);
        return 0.5 * normal.Length();
    }

    public static double[] ExpectedGradient(Vector3 a, Vector3 b, Vector3 c)
    {
        // With n̂ the unit normal: ∂A/∂a = ½ n̂ × (c − b), ∂A/∂b = ½ n̂ × (a − c), ∂A/∂c = ½ n̂ × (b − a).
        Vector3 n = Vector3.Normalize(Vector3.Cross(b - a, c - a));
        Vector3 ga = 0.5f * Vector3.Cross(n, c - b);
        Vector3 gb = 0.5f * Vector3.Cross(n, a - c);
        Vector3 gc = 0.5f * Vector3.Cross(n, b - a);
        return new double[] { ga.X, ga.Y, ga.Z, gb.X, gb.Y, gb.Z, gc.X, gc.Y, gc.Z };
    }
}
