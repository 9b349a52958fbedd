// entry: Numerics.Series.ExpOrLog
// args: 0.7, 1
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Series
{
    /// <summary>Either exp(x) or log(1+x) by its Taylor series, chosen by a mode flag.</summary>
    [Differentiable]
    public static double ExpOrLog(double x, int mode)
    {
        double sum = 0;
        if (mode == 0)
        {
            double term = 1;
            for (int n = 1; n < 30; n++)
            {
                sum += term;
                term *= x / n;
            }
        }
        else
        {
            double power = x;
            for (int n = 1; n < 60; n++)
            {
                sum += (n % 2 == 1 ? 1 : -1) * power / n;
                power *= x;
            }
        }
        return sum;
    }
}
