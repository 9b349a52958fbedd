// entry: Series.Discount.PresentValue
// args: new double[] { 100.0, 120.0, 90.0, 150.0, 80.0 }, 0.07
// expect: works
// Round 20. Cash flows walked by `foreach (var (cf, t) in flows.Select((v, i) => (v, i)))`, the index as the period.
using System;
using System.Linq;
using SourceAD;

namespace Series;

public static partial class Discount
{
    [Differentiable]
    public static double PresentValue(double[] flows, double rate)
    {
        double pv = 0.0;
        foreach (var (cf, t) in flows.Select((v, i) => (v, i)))
            pv += cf / Math.Pow(1 + rate, t + 1);
        return pv;
    }
}
