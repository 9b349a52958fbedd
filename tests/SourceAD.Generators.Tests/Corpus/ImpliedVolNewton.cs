// entry: Finance.ImpliedVol.Solve
// args: 10.45, 100.0, 100.0, 0.05, 1.0
// expect: works
// Newton's method on the Black–Scholes call price with a convergence check and break; the normal CDF's erf is a
// Horner polynomial run by foreach over a static readonly coefficient table.
using System;
using SourceAD;

namespace Finance;

public static partial class ImpliedVol
{
    // Abramowitz & Stegun 7.1.26, highest power first so Horner can walk the table forwards.
    private static readonly double[] ErfCoefficients = { 1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592 };

    private static double Erf(double x)
    {
        double sign = x < 0 ? -1.0 : 1.0;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * x);
        double poly = 0;
        foreach (double c in ErfCoefficients)
            poly = poly * t + c;
        return sign * (1.0 - poly * t * Math.Exp(-x * x));
    }

    private static double NormCdf(double x) => 0.5 * (1.0 + Erf(x / Math.Sqrt(2.0)));

    private static double NormPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);

    /// <summary>Implied volatility of a European call by Newton iteration on σ.</summary>
    [Differentiable]
    public static double Solve(double price, double spot, double strike, double rate, double maturity)
    {
        double sigma = 0.2;
        double sqrtT = Math.Sqrt(maturity);
        for (int iter = 0; iter < 50; iter++)
        {
            double d1 = (Math.Log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            double model = spot * NormCdf(d1) - strike * Math.Exp(-rate * maturity) * NormCdf(d2);
            double vega = spot * NormPdf(d1) * sqrtT;
            double diff = model - price;
            if (Math.Abs(diff) < 1e-12 || vega < 1e-10)
                break;
            sigma -= diff / vega;
        }
        return sigma;
    }
}
