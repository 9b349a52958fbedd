// entry: Signals.Circular.Energy
// args: new double[] { 0.4, -1.0, 2.0, 0.6, 1.3 }, new double[] { 0.5, 0.3, 0.2 }
// expect: works
// A circular convolution with the wrap-around index ((i - j) % n + n) % n for negative differences.
using System;
using SourceAD;

namespace Signals;

public static partial class Circular
{
    [Differentiable]
    public static double Energy(double[] x, double[] k)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double y = 0;
            for (int j = 0; j < k.Length; j++) y += k[j] * x[((i - j) % n + n) % n];
            s += y * y;
        }
        return s;
    }
}
