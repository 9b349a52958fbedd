// entry: Numerics.Norms.Rms
// args: 0.3, -1.2, 2.0
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Norms
{
    [Differentiable]
    public static double Squared(this double x) => x * x;

    [Differentiable]
    public static double Rms(double a, double b, double c) => Math.Sqrt((a.Squared() + b.Squared() + c.Squared()) / 3);
}
