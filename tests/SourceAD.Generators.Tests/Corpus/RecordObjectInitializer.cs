// entry: Pricing.Option.Premium
// args: 100.0, 0.25, 0.03
// expect: works
// A record class with init-only properties built with an object initializer, and a with-expression copy.
using System;
using SourceAD;

namespace Pricing;

public sealed record Market
{
    public double Spot { get; init; }
    public double Vol { get; init; }
    public double Rate { get; init; }
}

public static partial class Option
{
    /// <summary>A crude premium: discounted spot-vol product plus a bumped-vol term, through a record.</summary>
    [Differentiable]
    public static double Premium(double spot, double vol, double rate)
    {
        var m = new Market { Spot = spot, Vol = vol, Rate = rate };
        var bumped = m with { Vol = m.Vol * 1.1 };
        return Math.Exp(-m.Rate) * m.Spot * m.Vol * 0.4 + 0.01 * bumped.Vol * bumped.Spot;
    }
}
