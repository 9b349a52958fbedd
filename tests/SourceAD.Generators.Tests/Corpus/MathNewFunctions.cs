// entry: Numerics.NewMath.Mix
// args: 0.7, 2.3, 0.4
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class NewMath
{
    /// <summary>.NET's newer math helpers in one expression: Lerp, Cbrt, Log2, FusedMultiplyAdd, ReciprocalEstimate-free forms, Hypot.</summary>
    [Differentiable]
    public static double Mix(double a, double b, double t)
    {
        double l = double.Lerp(a, b, t);
        double c = Math.Cbrt(b * b + 1);
        double g = Math.Log2(1 + a * a) + double.Hypot(a, t);
        return Math.FusedMultiplyAdd(l, c, g) + double.ExpM1(t) - double.LogP1(a);
    }
}
