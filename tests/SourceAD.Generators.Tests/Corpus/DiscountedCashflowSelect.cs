// entry: Finance.Bonds.PresentValue
// args: new double[] { 10.0, 10.0, 110.0 }, 0.05
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Finance;

public static partial class Bonds
{
    /// <summary>Present value of cash flows at years 1, 2, …, with each flow's index from LINQ's indexed Select.</summary>
    [Differentiable]
    public static double PresentValue(double[] cash, double r)
    {
        double pv = 0;
        foreach (var (c, t) in cash.Select((c, t) => (c, t)))
        {
            pv += c / Math.Pow(1 + r, t + 1);
        }
        return pv;
    }
}
