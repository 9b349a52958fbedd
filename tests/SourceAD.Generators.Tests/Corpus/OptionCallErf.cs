// entry: Finance.Options.Call
// args: 100.0, 95.0, 0.03, 0.2, 0.75
// expect: works
using System;
using SourceAD;

namespace Finance;

public static class MathConstants
{
    public const double SqrtTwo = 1.4142135623730951;
}

public static partial class Options
{
    // Abramowitz–Stegun 7.1.26, as pricing code that avoids a special-functions dependency writes it.
    static double Erf(double z)
    {
        double sign = Math.Sign(z);
        z = Math.Abs(z);
        const double a1 = 0.254829592, a2 = -0.284496736, a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429, p = 0.3275911;
        double t = 1.0 / (1.0 + p * z);
        double y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * Math.Exp(-z * z);
        return sign * y;
    }

    static double NormCdf(double x) => 0.5 * (1.0 + Erf(x / MathConstants.SqrtTwo));

    /// <summary>Black–Scholes price of a European call.</summary>
    [Differentiable]
    public static double Call(double spot, double strike, double rate, double vol, double T)
    {
        double sqrtT = Math.Sqrt(T);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * T) / (vol * sqrtT);
        double d2 = d1 - vol * sqrtT;
        return spot * NormCdf(d1) - strike * Math.Exp(-rate * T) * NormCdf(d2);
    }
}
