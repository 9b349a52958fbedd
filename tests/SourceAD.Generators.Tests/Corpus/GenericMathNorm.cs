// entry: Linear.GenericNorms.Rms
// args: new double[] { 0.5, -1.25, 2.0, 0.75 }
// expect: works
// A generic-math helper constrained to IFloatingPoint<T> only: its body uses what that interface declares, so its
// derivatives are generated for T : IFloatingPointIeee754<T> (double here).
using System;
using System.Numerics;
using SourceAD;

namespace Linear;

public static partial class GenericNorms
{
    private static T SumOfSquares<T>(T[] x) where T : IFloatingPoint<T>
    {
        T s = T.Zero;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }

    /// <summary>Root mean square through a generic-math helper.</summary>
    [Differentiable]
    public static double Rms(double[] x) => Math.Sqrt(SumOfSquares(x) / x.Length);
}
