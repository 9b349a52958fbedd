// entry: Risk.StressTest.Loss
// args: 100.0, 250.0, 40.0, -0.15, 0.05
// expect: refused
// A switch expression whose arms are records (`with` per arm) is refused with the rewrite to constructors, with-expressions and methods (an aggregate choice by switch is not lowered).
// Positions as records, shocked with `with`; the loss is the change in market value.
using System;
using SourceAD;

namespace Risk;

public record Position(string Name, double Quantity, double Price)
{
    public double Value => Quantity * Price;
}

public static partial class StressTest
{
    [Differentiable]
    public static double Loss(double equityPrice, double bondPrice, double fxRate, double equityShock, double rateShift)
    {
        var book = new[]
        {
            new Position("EQ", 120, equityPrice),
            new Position("BOND", 80, bondPrice),
            new Position("FX", 1000, fxRate),
        };
        double before = 0, after = 0;
        foreach (var p in book)
        {
            before += p.Value;
            var shocked = p.Name switch
            {
                "EQ" => p with { Price = p.Price * (1 + equityShock) },
                "BOND" => p with { Price = p.Price * Math.Exp(-7.5 * rateShift) },
                _ => p,
            };
            after += shocked.Value;
        }
        return before - after;
    }
}
