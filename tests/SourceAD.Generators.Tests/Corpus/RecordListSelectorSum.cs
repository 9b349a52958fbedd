// entry: Portfolio.Pricing.Value
// args: 0.03, new System.Collections.Generic.List<Portfolio.Flow> { new(1.0, 5.0), new(2.0, 5.0), new(3.0, 105.0) }
// expect: works
// Round 19: the records are a data array bound at the top, each read leaf by leaf into the lambda's parameter.
// Enumerable.Sum with a selector over a data list of positional records: a bond's price at a flat rate.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Portfolio;

public sealed record Flow(double Time, double Amount);

public static partial class Pricing
{
    [Differentiable]
    public static double Value(double rate, [NoDerivative] List<Flow> flows) =>
        flows.Sum(f => f.Amount * Math.Exp(-rate * f.Time));
}
