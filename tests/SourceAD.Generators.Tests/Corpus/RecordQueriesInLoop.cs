// entry: Portfolio.Curve.Fit
// args: 0.02, 0.5, new System.Collections.Generic.List<Portfolio.Quote> { new(1.0, 0.97), new(2.0, 0.95), new(5.0, 0.86) }
// expect: works
// Round 19, second batch: LINQ over a data List of records inside a Newton-like loop, Max and Where/Sum with lambdas
// that capture the loop's state.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Portfolio;

public sealed record Quote(double Maturity, double Price);

public static partial class Curve
{
    [Differentiable]
    public static double Fit(double rate, double slope, [NoDerivative] List<Quote> quotes)
    {
        double r = rate;
        for (int it = 0; it < 3; it++)
        {
            double err = quotes.Sum(q => Math.Exp(-(r + slope * q.Maturity / 10) * q.Maturity) - q.Price);
            double worst = quotes.Max(q => Math.Abs(Math.Exp(-r * q.Maturity) - q.Price));
            r += 0.1 * err + 0.01 * worst;
        }
        return r + quotes.Where(q => q.Maturity > 1.5).Sum(q => q.Price * r);
    }
}
