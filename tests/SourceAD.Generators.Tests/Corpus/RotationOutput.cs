// entry: Geometry.Transforms.Rotate
// args: new double[] { 1.0, 2.0 }, 0.6, new double[2]
// closed-form: ExpectedJacobian
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Transforms
{
    [Differentiable]
    public static void Rotate(ReadOnlySpan<double> p, double angle, Span<double> result)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        result[0] = c * p[0] - s * p[1];
        result[1] = s * p[0] + c * p[1];
    }

    public static double[,] ExpectedJacobian(ReadOnlySpan<double> p, double a, Span<double> unused)
    {
        double c = Math.Cos(a), s = Math.Sin(a);
        return new double[,] { { c, -s, -s * p[0] - c * p[1] }, { s, c, c * p[0] - s * p[1] } };
    }
}
