// entry: Stats.Robust.SafeLog
// args: 2.5
// expect: refused
using System;
using SourceAD;

namespace Stats;

public static partial class Robust
{
    [Differentiable]
    public static double SafeLog(double x)
    {
        try
        {
            if (x <= 0) throw new ArgumentOutOfRangeException(nameof(x));
            return Math.Log(x);
        }
        catch (ArgumentOutOfRangeException)
        {
            return double.NegativeInfinity;
        }
    }
}
