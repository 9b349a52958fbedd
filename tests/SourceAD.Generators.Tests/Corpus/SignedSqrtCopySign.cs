// entry: Signal.Companding.Energy
// args: new double[] { 0.5, -2.0, 1.25, -0.3 }, 0.8
// expect: works
// Signed square-root companding with Math.CopySign, mixed by Math.FusedMultiplyAdd.
using System;
using SourceAD;

namespace Signal;

public static partial class Companding
{
    [Differentiable]
    public static double Energy(double[] x, double gain)
    {
        double e = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double c = Math.CopySign(Math.Sqrt(Math.Abs(x[i])), x[i]);
            e = Math.FusedMultiplyAdd(gain * c, c, e);
        }
        return e;
    }
}
