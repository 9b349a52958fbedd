// entry: Finance.Trees.AmericanPut
// args: 100.0, 105.0, 1.0, 0.03, 0.3, 50
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Trees
{
    /// <summary>American put on a Cox–Ross–Rubinstein binomial tree.</summary>
    [Differentiable]
    public static double AmericanPut(double spot, double strike, double maturity, double rate, double volatility, int steps)
    {
        double dt = maturity / steps;
        double u = Math.Exp(volatility * Math.Sqrt(dt));
        double d = 1 / u;
        double p = (Math.Exp(rate * dt) - d) / (u - d);
        double discount = Math.Exp(-rate * dt);

        var values = new double[steps + 1];
        for (int i = 0; i <= steps; i++)
        {
            double s = spot * Math.Pow(u, steps - i) * Math.Pow(d, i);
            values[i] = Math.Max(strike - s, 0);
        }
        for (int step = steps - 1; step >= 0; step--)
        {
            for (int i = 0; i <= step; i++)
            {
                double s = spot * Math.Pow(u, step - i) * Math.Pow(d, i);
                double hold = discount * (p * values[i] + (1 - p) * values[i + 1]);
                values[i] = Math.Max(hold, strike - s);
            }
        }
        return values[0];
    }
}
