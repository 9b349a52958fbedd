// entry: Portfolio.Discount.Value
// args: 0.03, new System.Collections.Generic.List<Portfolio.CashFlow> { new(1.0, 5.0), new(2.0, 5.0), new(3.0, 105.0) }
// expect: works
// Select then Sum over a data List of records, and a foreach over the same list for the duration.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Portfolio;

public sealed record CashFlow(double Time, double Amount);

public static partial class Discount
{
    [Differentiable]
    public static double Value(double rate, [NoDerivative] List<CashFlow> flows)
    {
        double pv = flows.Select(f => f.Amount * Math.Exp(-rate * f.Time)).Sum();
        double weighted = 0;
        foreach (CashFlow f in flows) weighted += f.Time * f.Amount * Math.Exp(-rate * f.Time);
        return pv + 0.01 * weighted / pv;
    }
}
