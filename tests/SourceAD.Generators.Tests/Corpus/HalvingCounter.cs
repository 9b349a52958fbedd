// entry: Numerics.Reduction.Mantissa
// args: 37.5, 0.8
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Reduction
{
    /// <summary>Range reduction: halves x into [1, 2), counting the halvings, then evaluates a series.</summary>
    [Differentiable]
    public static double Mantissa(double x, double weight)
    {
        int exponent = 0;
        while (x >= 2)
        {
            x /= 2;
            exponent++;
        }
        double m = x - 1;
        return exponent * weight + m - m * m / 2 + m * m * m / 3;
    }
}
