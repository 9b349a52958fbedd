// entry: Numerics.Series.TruncatedExp
// args: 0.8, 1.3
// expect: refused
// A recursive local function is refused with the rewrite (make it a [Differentiable] method of the type); a gap: local functions are inlined, and recursion cannot be.
using System;
using SourceAD;

namespace Numerics;

public static partial class Series
{
    /// <summary>Horner form of the order-8 Taylor series of exp(a·x), with a recursive local function.</summary>
    [Differentiable]
    public static double TruncatedExp(double x, double a)
    {
        double Horner(int k, double y) => k == 8 ? 1.0 : 1.0 + y / (k + 1) * Horner(k + 1, y);
        return Horner(0, a * x);
    }
}
