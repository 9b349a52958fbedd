// entry: Finance.Growth.TerminalWealth
// args: new double[] { 0.05, -0.02, 0.07, 0.03, 0.01 }, 1000.0, 0.002
// expect: works
// Terminal wealth after yearly returns net of a fee, folded with Aggregate and a seed.
using System;
using System.Linq;
using SourceAD;

namespace Finance;

public static partial class Growth
{
    [Differentiable]
    public static double TerminalWealth(double[] returns, double initial, double fee) =>
        returns.Aggregate(initial, (wealth, r) => wealth * (1 + r - fee));
}
