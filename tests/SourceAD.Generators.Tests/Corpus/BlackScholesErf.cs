// entry: Finance.BlackScholes.CallPrice
// args: 100.0, 95.0, 0.75, 0.03, 0.25
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class BlackScholes
{
    // Abramowitz & Stegun 7.1.26.
    private static readonly double[] ErfCoefficients = { 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429 };
    private const double ErfP = 0.3275911;

    [Differentiable]
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + ErfP * x);
        double poly = 0;
        for (int i = ErfCoefficients.Length - 1; i >= 0; i--)
        {
            poly = poly * t + ErfCoefficients[i];
        }
        poly *= t;
        return sign * (1 - poly * Math.Exp(-x * x));
    }

    [Differentiable]
    private static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>European call price under Black–Scholes.</summary>
    [Differentiable]
    public static double CallPrice(double spot, double strike, double maturity, double rate, double volatility)
    {
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * maturity) * NormalCdf(d2);
    }
}
