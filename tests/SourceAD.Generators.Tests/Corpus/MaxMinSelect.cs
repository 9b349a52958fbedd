// entry: Stats.Range.Spread
// args: new double[] { 1.2, -0.4, 3.3, 0.8, 2.1 }, 0.5
// expect: works
// Round 20, second batch. The spread of scaled values by x.Select(…).Max() - x.Select(…).Min() and x.Max(Math.Abs).
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Range
{
    [Differentiable]
    public static double Spread(double[] x, double scale)
    {
        double hi = x.Select(v => v * scale + v * v).Max();
        double lo = x.Select(v => v * scale + v * v).Min();
        return hi - lo + x.Max(Math.Abs);
    }
}
