// entry: Finance.Curve.Price
// args: new double[] { 0.5, 1.0, 2.0, 5.0 }, new double[] { 0.02, 0.025, 0.03, 0.035 }, 0.04
// expect: works
// Small expression-bodied private helpers calling one another, one of them generic over INumber<T>, as finance code writes them.
using System;
using System.Numerics;
using SourceAD;

namespace Finance;

public static partial class Curve
{
    private static double Discount(double rate, double t) => Math.Exp(-rate * t);
    private static double Cashflow(double coupon, double t, double maturity) => t == maturity ? 1 + coupon : coupon;
    private static T Clamp01<T>(T x) where T : INumber<T> => T.Clamp(x, T.Zero, T.One);

    /// <summary>Price of a bond paying a coupon at each time, discounted on the zero curve.</summary>
    [Differentiable]
    public static double Price(double[] times, double[] zeroRates, double coupon)
    {
        double price = 0;
        double maturity = times[times.Length - 1];
        for (int i = 0; i < times.Length; i++) price += Cashflow(coupon, times[i], maturity) * Discount(zeroRates[i], times[i]);
        return price * (1 - Clamp01(coupon));
    }
}
