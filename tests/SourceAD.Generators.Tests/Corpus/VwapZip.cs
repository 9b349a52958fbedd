// entry: Markets.Execution.VwapSlippage
// args: new double[] { 10.0, 10.2, 10.1, 10.4 }, new double[] { 300, 150, 500, 250 }, 10.15
// expect: works
// Slippage of a fill against the volume-weighted average price, with Zip pairing prices and volumes.
using System;
using System.Linq;
using SourceAD;

namespace Markets;

public static partial class Execution
{
    [Differentiable]
    public static double VwapSlippage(double[] prices, double[] volumes, double fillPrice)
    {
        double notional = prices.Zip(volumes, (p, v) => p * v).Sum();
        double vwap = notional / volumes.Sum();
        return (fillPrice - vwap) / vwap * 1e4; // basis points
    }
}
