// entry: Geometry.Angles.WrappedCos
// args: 7.9, 0.4
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Angles
{
    /// <summary>Wraps an angle into [0, 2π) with % before using it.</summary>
    [Differentiable]
    public static double WrappedCos(double angle, double offset)
    {
        double wrapped = (angle + offset) % (2 * Math.PI);
        return Math.Cos(wrapped) * wrapped;
    }

    public static double[] ExpectedGradient(double angle, double offset)
    {
        double w = (angle + offset) % (2 * Math.PI);
        double d = -Math.Sin(w) * w + Math.Cos(w);
        return new[] { d, d };
    }
}
