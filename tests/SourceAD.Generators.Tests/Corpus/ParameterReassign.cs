// entry: Numerics.Clamping.SoftClamp
// args: 3.4, 1.0, 2.5
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Clamping
{
    /// <summary>Normalizes x into [lo, hi], then applies a smooth clamp.</summary>
    [Differentiable]
    public static double SoftClamp(double x, double lo, double hi)
    {
        if (hi < lo) (lo, hi) = (hi, lo);
        x = (x - lo) / (hi - lo);
        x = 2 * x - 1;
        x = Math.Tanh(x);
        return lo + (x + 1) / 2 * (hi - lo);
    }
}
