// entry: Finance.Compounding.FutureValue
// args: 1000.0, 0.05, 7.5, Finance.Frequency.Monthly
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Finance;

public enum Frequency { Annual, Monthly, Daily, Continuous }

public static partial class Compounding
{
    [Differentiable]
    public static double FutureValue(double principal, double rate, double years, Frequency frequency)
    {
        switch (frequency)
        {
            case Frequency.Annual:
                return principal * Math.Pow(1 + rate, years);
            case Frequency.Monthly:
                return principal * Math.Pow(1 + rate / 12, 12 * years);
            case Frequency.Daily:
                return principal * Math.Pow(1 + rate / 365, 365 * years);
            default:
                return principal * Math.Exp(rate * years);
        }
    }

    public static double[] ExpectedGradient(double p, double r, double t, Frequency f)
    {
        double b = 1 + r / 12, e = 12 * t;
        double fv = Math.Pow(b, e);
        return new[] { fv, p * e * Math.Pow(b, e - 1) / 12, p * fv * Math.Log(b) * 12 };
    }
}
