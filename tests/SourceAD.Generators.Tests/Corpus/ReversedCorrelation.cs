// entry: Signals.Mirror.SelfReversed
// args: new double[] { 0.4, -1.0, 2.0, 0.6, 1.3 }
// expect: works
// The correlation of a signal with its reversal, reversed by Array.Reverse on a clone.
using System;
using SourceAD;

namespace Signals;

public static partial class Mirror
{
    [Differentiable]
    public static double SelfReversed(double[] x)
    {
        var y = (double[])x.Clone();
        Array.Reverse(y);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i] * (i + 1);
        return s;
    }
}
