// entry: Pricing.AmericanPut.Price
// args: 95.0, 100.0, 0.04, 0.3, 1.0, 40
// expect: works
// Round 20. An American put on a Cox–Ross–Rubinstein tree: one array of node values rolled back in place, early
// exercise by Math.Max against the intrinsic value at each node.
using System;
using SourceAD;

namespace Pricing;

public static partial class AmericanPut
{
    [Differentiable]
    public static double Price(double spot, double strike, double rate, double vol, double years, [NoDerivative] int steps)
    {
        double dt = years / steps;
        double u = Math.Exp(vol * Math.Sqrt(dt));
        double d = 1 / u;
        double p = (Math.Exp(rate * dt) - d) / (u - d);
        double disc = Math.Exp(-rate * dt);
        var values = new double[steps + 1];
        for (int j = 0; j <= steps; j++)
        {
            double s = spot * Math.Pow(u, j) * Math.Pow(d, steps - j);
            values[j] = Math.Max(strike - s, 0.0);
        }
        for (int i = steps - 1; i >= 0; i--)
        {
            for (int j = 0; j <= i; j++)
            {
                double cont = disc * (p * values[j + 1] + (1 - p) * values[j]);
                double s = spot * Math.Pow(u, j) * Math.Pow(d, i - j);
                values[j] = Math.Max(cont, strike - s);
            }
        }
        return values[0];
    }
}
