// entry: Tables.Bins.Lookup
// args: 0.37, new double[] { 1.0, 2.0, 4.0, 3.0, 5.0 }
// expect: works
// A checked cast picks the bin, Math.Clamp keeps it inside, and an unchecked expression interpolates.
using System;
using SourceAD;

namespace Tables;

public static partial class Bins
{
    [Differentiable]
    public static double Lookup(double t, double[] w)
    {
        int n = w.Length;
        int i = checked((int)(t * (n - 1)));
        i = Math.Clamp(i, 0, n - 2);
        double f = t * (n - 1) - i;
        return unchecked(w[i] * (1 - f) + w[i + 1] * f);
    }
}
