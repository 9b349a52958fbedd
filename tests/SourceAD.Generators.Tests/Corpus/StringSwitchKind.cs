// entry: Finance.Payoff.Price
// args: "put", 95.0, 100.0, 0.2
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Payoff
{
    /// <summary>A smoothed payoff chosen by a string, as option code read from a config does.</summary>
    [Differentiable]
    public static double Price(string kind, double spot, double strike, double softness)
    {
        double m = kind switch
        {
            "call" => spot - strike,
            "put" => strike - spot,
            _ => throw new ArgumentException($"Unknown payoff '{kind}'", nameof(kind)),
        };
        // softplus with temperature: a differentiable max(m, 0)
        return softness * Math.Log(1 + Math.Exp(m / softness));
    }
}
