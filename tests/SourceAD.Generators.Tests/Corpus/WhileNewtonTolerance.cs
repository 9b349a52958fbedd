// entry: Finance.ImpliedVolatility.Solve
// args: 10.45, 100.0, 100.0, 1.0, 0.05
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class ImpliedVolatility
{
    [Differentiable]
    private static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>Normal CDF by a 40-term Taylor series of erf (accurate for moderate |x|).</summary>
    [Differentiable]
    private static double NormalCdf(double x)
    {
        double z = x / Math.Sqrt(2);
        double term = z, sum = z;
        for (int n = 1; n < 40; n++)
        {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }
        return 0.5 + sum / Math.Sqrt(Math.PI);
    }

    /// <summary>Black–Scholes implied volatility of a call price by Newton's method on vega.</summary>
    [Differentiable]
    public static double Solve(double price, double spot, double strike, double maturity, double rate)
    {
        double sigma = 0.3;
        int iterations = 0;
        while (iterations < 50)
        {
            double sqrtT = Math.Sqrt(maturity);
            double d1 = (Math.Log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            double model = spot * NormalCdf(d1) - strike * Math.Exp(-rate * maturity) * NormalCdf(d2);
            double vega = spot * NormalPdf(d1) * sqrtT;
            double step = (model - price) / vega;
            sigma -= step;
            iterations++;
            if (Math.Abs(step) < 1e-12) break;
        }
        return sigma;
    }
}
