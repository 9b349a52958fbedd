// entry: Finance.Loans.MonthlyPayment
// args: 250000.0, 0.045, 30
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Loans
{
    /// <summary>Fixed monthly payment of an amortizing loan.</summary>
    [Differentiable]
    public static double MonthlyPayment(double principal, double annualRate, int years)
    {
        double r = annualRate / 12;
        int n = years * 12;
        if (r == 0) return principal / n;
        return principal * r / (1 - Math.Pow(1 + r, -n));
    }

    public static double[] ExpectedGradient(double p, double a, int years)
    {
        double r = a / 12;
        int n = years * 12;
        double q = Math.Pow(1 + r, -n);
        double denom = 1 - q;
        double dPayDr = p / denom - p * r * (n * Math.Pow(1 + r, -n - 1)) / (denom * denom);
        return new[] { r / denom, dPayDr / 12 };
    }
}
