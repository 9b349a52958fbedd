// entry: Safety.Guards.Ratio
// args: 2.0, 0.5
// expect: works
// double.Epsilon guards against division by zero and the log of zero.
using System;
using SourceAD;

namespace Safety;

public static partial class Guards
{
    [Differentiable]
    public static double Ratio(double a, double b)
    {
        double d = Math.Abs(b) < double.Epsilon ? double.Epsilon : b;
        return a / d + Math.Log(Math.Max(a, double.Epsilon));
    }
}
