// entry: Special.Approx.ErfAbramowitz
// args: 0.63
// expect: works
using System;
using SourceAD;

namespace Special;

public static partial class Approx
{
    /// <summary>erf by Abramowitz–Stegun 7.1.26, with the coefficients in a ReadOnlySpan collection expression.</summary>
    [Differentiable]
    public static double ErfAbramowitz(double x)
    {
        ReadOnlySpan<double> a = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
        const double p = 0.3275911;
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + p * x);
        double poly = 0, tk = t;
        for (int i = 0; i < a.Length; i++)
        {
            poly += a[i] * tk;
            tk *= t;
        }
        return sign * (1 - poly * Math.Exp(-x * x));
    }
}
