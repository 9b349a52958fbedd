using System;
using SourceAD;

namespace Natural.Finance;

public enum OptionKind { Call, Put }

public static partial class BlackScholes
{
    private static readonly double[] ErfCoefficients = { 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429 };

    [Differentiable]
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * x);
        double poly = ((((ErfCoefficients[4] * t + ErfCoefficients[3]) * t + ErfCoefficients[2]) * t + ErfCoefficients[1]) * t + ErfCoefficients[0]) * t;
        return sign * (1 - poly * Math.Exp(-x * x));
    }

    [Differentiable]
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    [Differentiable]
    public static double Price(double spot, double strike, double rate, double vol, double years, OptionKind kind)
    {
        if (years <= 0) throw new ArgumentOutOfRangeException(nameof(years), "maturity must be positive");
        double sqrtT = Math.Sqrt(years);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * years) / (vol * sqrtT);
        double d2 = d1 - vol * sqrtT;
        double discount = Math.Exp(-rate * years);
        switch (kind)
        {
            case OptionKind.Call: return spot * NormalCdf(d1) - strike * discount * NormalCdf(d2);
            default: return strike * discount * NormalCdf(-d2) - spot * NormalCdf(-d1);
        }
    }

    [Differentiable]
    public static double RoundedCoupon(double principal, double rate)
    {
        long cents = (long)(principal * rate * 100);
        return cents / 100.0 + principal * 1e-9;
    }

    [Differentiable]
    public static double Npv(double[] cashflows, double rate)
    {
        double npv = 0, factor = 1;
        foreach (double cf in cashflows)
        {
            npv += cf * factor;
            factor /= 1 + rate;
        }
        return npv;
    }
}
