// entry: Numerics.Series.LogOnePlus
// args: -0.35, 12
// expect: works
// Round 20. The Mercator series for log(1 + x) with Math.Pow(x, k) at an integer exponent (a negative base) and the sign
// by Math.Pow(-1, k + 1).
using System;
using SourceAD;

namespace Numerics;

public static partial class Series
{
    [Differentiable]
    public static double LogOnePlus(double x, [NoDerivative] int terms)
    {
        double sum = 0.0;
        for (int k = 1; k <= terms; k++)
            sum += Math.Pow(-1, k + 1) * Math.Pow(x, k) / k;
        return sum;
    }
}
