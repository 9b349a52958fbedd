// entry: Finance.Rounding.Fee
// args: 1.37, 0.347
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Rounding
{
    /// <summary>A fee charged per started quarter unit plus a smooth spread term.</summary>
    [Differentiable]
    public static double Fee(double amount, double rate)
    {
        int quarters = (int)(amount * 4);
        double cents = (long)(rate * 100) / 100.0;
        return quarters * rate + Math.Sin(amount) * cents + amount * rate;
    }

    public static double[] ExpectedGradient(double amount, double rate)
    {
        int quarters = (int)(amount * 4);
        double cents = (long)(rate * 100) / 100.0;
        return new[] { Math.Cos(amount) * cents + rate, quarters + amount };
    }
}
