// entry: Money.Rounding.Invoice
// args: 3.14159, 1.2
// expect: works
// Math.Round with MidpointRounding on a price; the rounded cents are piecewise constant.
using System;
using SourceAD;

namespace Money;

public static partial class Rounding
{
    [Differentiable]
    public static double Invoice(double price, double qty)
    {
        double cents = Math.Round(price * 100, MidpointRounding.AwayFromZero) / 100;
        double tax = Math.Round(price * qty * 0.2, 2, MidpointRounding.ToEven);
        return price * qty + cents + tax;
    }
}
