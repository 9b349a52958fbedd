// entry: Pricing.EuropeanCall.Price
// args: 105.0, 100.0, 0.03, 0.25, 0.75
// expect: works
// Round 20. Black–Scholes with a hand-written normal CDF (the Abramowitz–Stegun polynomial, coefficients in a
// static readonly array of another class) and the symmetry N(x) = 1 - N(-x) by an early return.
using System;
using SourceAD;

namespace Pricing;

internal static class CdfCoefficients
{
    public const double P = 0.2316419;
    public static readonly double[] B = { 0.319381530, -0.356563782, 1.781477937, -1.821255978, 1.330274429 };
}

public static partial class EuropeanCall
{
    static double NormalCdf(double x)
    {
        if (x < 0) return 1.0 - NormalCdf(-x);
        double t = 1.0 / (1.0 + CdfCoefficients.P * x);
        double poly = 0.0, tk = t;
        for (int i = 0; i < CdfCoefficients.B.Length; i++)
        {
            poly += CdfCoefficients.B[i] * tk;
            tk *= t;
        }
        double pdf = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
        return 1.0 - pdf * poly;
    }

    [Differentiable]
    public static double Price(double spot, double strike, double rate, double vol, double years)
    {
        double sqrtT = Math.Sqrt(years);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * years) / (vol * sqrtT);
        double d2 = d1 - vol * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * years) * NormalCdf(d2);
    }
}
