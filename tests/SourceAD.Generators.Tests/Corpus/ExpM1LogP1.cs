// entry: Stats.Careful.SoftplusSum
// args: new double[] { -35.0, -2.0, 0.001, 3.0, 40.0 }
// expect: works
// Numerically careful softplus with double.ExpM1/double.LogP1 and an overflow branch, as careful numeric code writes it.
using System;
using SourceAD;

namespace Stats;

public static partial class Careful
{
    /// <summary>Σ softplus(x_i) + Σ expm1(x_i/50).</summary>
    [Differentiable]
    public static double SoftplusSum(double[] x)
    {
        double total = 0;
        foreach (double v in x)
        {
            total += v > 30 ? v : double.LogP1(Math.Exp(v));
            total += double.ExpM1(v / 50);
        }
        return total;
    }
}
