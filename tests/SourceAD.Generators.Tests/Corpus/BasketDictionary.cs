// entry: Retail.Basket.Cost
// args: 2.0, 1.5, 3.0, 0.08
// expect: refused
// A local Dictionary built from constants is refused with the rewrite to pass the values in (round 20's gap: the dictionary is not lowered).
// Unit prices in a local Dictionary<string, double> built from constants; quantities and the tax rate are inputs.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Retail;

public static partial class Basket
{
    [Differentiable]
    public static double Cost(double apples, double bread, double milk, double taxRate)
    {
        var prices = new Dictionary<string, double>
        {
            { "apple", 0.45 },
            { "bread", 2.10 },
            { "milk", 1.25 },
        };
        double net = apples * prices["apple"] + bread * prices["bread"] + milk * prices["milk"];
        return net * (1 + taxRate);
    }
}
