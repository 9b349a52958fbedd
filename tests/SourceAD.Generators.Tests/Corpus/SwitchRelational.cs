// entry: Numerics.Piecewise.Smooth
// args: 0.6
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Piecewise
{
    /// <summary>A smooth-step style piecewise function written with relational patterns.</summary>
    [Differentiable]
    public static double Smooth(double x) => x switch
    {
        < 0 => 0,
        > 1 => 1,
        _ => x * x * (3 - 2 * x),
    };

    public static double[] ExpectedGradient(double x) => new[] { 6 * x * (1 - x) };
}
