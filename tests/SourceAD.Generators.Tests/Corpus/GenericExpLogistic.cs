// entry: Learning.GenericActivations.Loss
// args: new double[] { 0.4, -1.3, 2.2 }, 0.7
// expect: works
// A generic-math logistic helper on IFloatingPointIeee754<T>, with T.Exp and T.One, called with double.
using System;
using System.Numerics;
using SourceAD;

namespace Learning;

public static partial class GenericActivations
{
    private static T Logistic<T>(T x) where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    [Differentiable]
    public static double Loss(double[] z, double scale)
    {
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += Logistic(scale * z[i]);
        return s;
    }
}
