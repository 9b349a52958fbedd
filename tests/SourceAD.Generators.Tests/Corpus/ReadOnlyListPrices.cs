// entry: Markets.Indicators.Rsi
// args: new double[] { 44.3, 44.1, 44.6, 45.2, 45.0, 45.8, 46.1, 45.9 }
// expect: refused
// An implicit helper taking IEnumerable<double> is refused at the call with the rewrite to take double[], a span, List<double> or IReadOnlyList<double>.
// Relative strength index over an IReadOnlyList<double> of prices, gains and losses averaged by an IEnumerable helper.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Markets;

public static partial class Indicators
{
    private static double Mean(IEnumerable<double> xs) => xs.Average();

    [Differentiable]
    public static double Rsi(IReadOnlyList<double> prices)
    {
        var gains = new double[prices.Count - 1];
        var losses = new double[prices.Count - 1];
        for (int i = 1; i < prices.Count; i++)
        {
            double change = prices[i] - prices[i - 1];
            gains[i - 1] = Math.Max(change, 0);
            losses[i - 1] = Math.Max(-change, 0);
        }
        double rs = Mean(gains) / Mean(losses);
        return 100 - 100 / (1 + rs);
    }
}
