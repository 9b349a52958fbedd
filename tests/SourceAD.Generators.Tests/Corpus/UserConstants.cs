// entry: Physics.Scaling.Scaled
// args: 2.0
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Scaling
{
    public static double One => 1.5;
    public static double Zero { get; } = 0.25;

    [Differentiable]
    public static double Scaled(double x) => One * x * x + Zero * Math.Sin(x);

    public static double[] ExpectedGradient(double x) => new[] { 2 * One * x + Zero * Math.Cos(x) };
}
