// entry: Numerics.Scale.Normalized
// args: 12.5, 0.3
// expect: works
// Math.ILogB and Math.ScaleB split a value into mantissa and exponent; Math.Log2 and Math.Tanh use them.
using System;
using SourceAD;

namespace Numerics;

public static partial class Scale
{
    [Differentiable]
    public static double Normalized(double x, double y)
    {
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e);
        return m * Math.Log2(x) + Math.Tanh(y * e);
    }
}
