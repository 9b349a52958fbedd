// entry: Finance.Greeks.PriceAndDelta
// args: new double[] { 100.0, 95.0, 0.5, 0.02, 0.3 }, new double[2]
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Greeks
{
    /// <summary>Standard normal CDF (Zelen & Severo 26.2.17, |error| < 7.5e-8).</summary>
    [Differentiable]
    private static double Phi(double x)
    {
        double t = 1 / (1 + 0.2316419 * Math.Abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }

    /// <summary>Black–Scholes call price and delta for (spot, strike, maturity, rate, volatility).</summary>
    [Differentiable]
    public static void PriceAndDelta(ReadOnlySpan<double> market, Span<double> result)
    {
        double s = market[0], k = market[1], t = market[2], r = market[3], v = market[4];
        double d1 = (Math.Log(s / k) + (r + v * v / 2) * t) / (v * Math.Sqrt(t));
        double d2 = d1 - v * Math.Sqrt(t);
        double nd1 = Phi(d1);
        result[0] = s * nd1 - k * Math.Exp(-r * t) * Phi(d2);
        result[1] = nd1;
    }
}
