// entry: Numerics.Fma.Horner
// args: 0.7, new double[] { 1.0, -0.5, 0.25, 0.125 }
// expect: works
// Horner's rule with Math.FusedMultiplyAdd (one rounding per step), as numerics code writes it.
using System;
using SourceAD;

namespace Numerics;

public static partial class Fma
{
    [Differentiable]
    public static double Horner(double x, double[] c)
    {
        double acc = 0;
        for (int i = c.Length - 1; i >= 0; i--)
            acc = Math.FusedMultiplyAdd(acc, x, c[i]);
        return acc;
    }
}
