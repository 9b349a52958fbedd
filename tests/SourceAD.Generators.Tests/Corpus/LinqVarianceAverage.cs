// entry: Stats.Spread.StdDev
// args: new double[] { 1.0, 2.5, 0.5, 4.0, 3.0 }
// expect: works
// Standard deviation as two Average calls, the second with a selector that captures the mean.
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Spread
{
    [Differentiable]
    public static double StdDev(double[] x)
    {
        double m = x.Average();
        return Math.Sqrt(x.Average(v => (v - m) * (v - m)));
    }
}
