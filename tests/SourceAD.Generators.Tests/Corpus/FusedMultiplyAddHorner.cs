// entry: Polynomials.Horner.EvaluateFma
// args: new double[] { 1.0, -2.0, 0.5, 0.25 }, 1.3
// expect: works
using System;
using SourceAD;

namespace Polynomials;

public static partial class Horner
{
    /// <summary>Horner's rule with Math.FusedMultiplyAdd, coefficients highest degree first, and a rounded-down clamp.</summary>
    [Differentiable]
    public static double EvaluateFma(double[] coefficients, double x)
    {
        double r = 0;
        foreach (var c in coefficients) r = Math.FusedMultiplyAdd(r, x, c);
        return double.Clamp(r, -100, 100);
    }
}
