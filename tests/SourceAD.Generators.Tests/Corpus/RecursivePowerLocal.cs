// entry: Finance.Discounting.Annuity
// args: 0.045, 120.0
// expect: refused
// A recursive static local function is refused with the rewrite to a [Differentiable] method of the type (local functions are inlined).
// An annuity factor with (1 + r)^n computed by exponentiation by squaring in a recursive local function.
using System;
using SourceAD;

namespace Finance;

public static partial class Discounting
{
    [Differentiable]
    public static double Annuity(double rate, double payment)
    {
        static double Power(double b, int e)
        {
            if (e == 0) return 1.0;
            double half = Power(b, e / 2);
            return e % 2 == 0 ? half * half : half * half * b;
        }

        const int periods = 30;
        double growth = Power(1 + rate, periods);
        return payment * (1 - 1 / growth) / rate;
    }
}
