// entry: Numerics.ContinuedFractions.Tan
// args: 0.7
// expect: refused
// A recursive local function is refused with the rewrite to a [Differentiable] method of the type (local functions are inlined).
// tan(x) by Lambert's continued fraction, evaluated by a recursive local function to a fixed depth.
using System;
using SourceAD;

namespace Numerics;

public static partial class ContinuedFractions
{
    [Differentiable]
    public static double Tan(double x)
    {
        double x2 = x * x;
        double Tail(int k) => k > 15 ? 2 * k - 1 : (2 * k - 1) - x2 / Tail(k + 1);
        return x / Tail(1);
    }
}
