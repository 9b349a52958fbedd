// entry: Numerics.Special.Mix
// args: 0.4, 1.7
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Special
{
    [Differentiable]
    public static double Mix(double x, double y)
    {
        double a = Math.Asin(x) + Math.Acos(x / 2) + Math.Atan(y);
        double b = Math.Sinh(x) * Math.Cosh(y) - Math.Tanh(x * y);
        double c = Math.FusedMultiplyAdd(x, y, 1) + double.Hypot(x, y);
        double d = Math.Pow(y, x) + Math.Exp(-x) * Math.Log(y);
        return a + b + c + d + Math.Clamp(x * y, 0, 1) + Math.Sign(x) * Math.Round(y) * x;
    }
}
