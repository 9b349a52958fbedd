// entry: Geometry.Distances.TriangleDiagonal
// args: 1.5, 2.0, 0.5
// expect: works
// A params double[] helper for the Euclidean norm, called with three and with two values.
using System;
using SourceAD;

namespace Geometry;

public static partial class Distances
{
    private static double Norm(params double[] components)
    {
        double s = 0;
        foreach (double c in components) s += c * c;
        return Math.Sqrt(s);
    }

    [Differentiable]
    public static double TriangleDiagonal(double a, double b, double c) => Norm(a, b, c) + Norm(a - b, c);
}
