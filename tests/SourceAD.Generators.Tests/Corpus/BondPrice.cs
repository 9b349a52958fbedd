// entry: Finance.Bonds.Price
// args: 0.045, 0.05, 10, 100.0
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Bonds
{
    /// <summary>Price of an annual-coupon bond at a flat yield (annual compounding).</summary>
    [Differentiable]
    public static double Price(double yield, double couponRate, int years, double face)
    {
        double price = 0;
        double coupon = couponRate * face;
        for (int t = 1; t <= years; t++)
        {
            price += coupon / Math.Pow(1 + yield, t);
        }
        price += face / Math.Pow(1 + yield, years);
        return price;
    }

    public static double[] ExpectedGradient(double y, double c, int n, double face)
    {
        double dy = 0, dc = 0, dface = 0;
        for (int t = 1; t <= n; t++)
        {
            dy += -t * c * face / Math.Pow(1 + y, t + 1);
            dc += face / Math.Pow(1 + y, t);
            dface += c / Math.Pow(1 + y, t);
        }
        dy += -n * face / Math.Pow(1 + y, n + 1);
        dface += 1 / Math.Pow(1 + y, n);
        return new[] { dy, dc, dface };
    }
}
