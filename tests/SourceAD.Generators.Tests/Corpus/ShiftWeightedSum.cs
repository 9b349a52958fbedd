// entry: Bits.Dyadic.Sum
// args: new double[] { 0.5, -1.0, 2.0, 0.75, 1.5 }
// expect: works
// Dyadic weights 1 / (1 << k) and a bit test k & 1 choosing the sign.
using System;
using SourceAD;

namespace Bits;

public static partial class Dyadic
{
    [Differentiable]
    public static double Sum(double[] x)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double w = 1.0 / (1 << k);
            s += (k & 1) == 0 ? w * x[k] * x[k] : -w * x[k];
        }
        return s;
    }
}
