// entry: Pricing.Bands.Fee
// args: 0.62, 1200.0
// expect: works
using System;
using SourceAD;

namespace Pricing;

public static partial class Bands
{
    /// <summary>A fee with relational and logical patterns on a utilization ratio.</summary>
    [Differentiable]
    public static double Fee(double utilization, double notional)
    {
        double rate = utilization switch
        {
            < 0 or > 1 => throw new ArgumentOutOfRangeException(nameof(utilization), $"utilization {utilization} outside [0, 1]"),
            < 0.5 => 0.01 + 0.02 * utilization,
            >= 0.5 and < 0.8 => 0.02 + 0.1 * (utilization - 0.5),
            _ => 0.05 + 0.5 * (utilization - 0.8) * (utilization - 0.8),
        };
        if (notional is > 1000 and < 1e6) rate *= 0.9;
        return rate * notional;
    }
}
