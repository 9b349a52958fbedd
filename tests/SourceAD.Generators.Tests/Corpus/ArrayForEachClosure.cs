// entry: Stats.Moments.SumSquares
// args: new double[] { 1.5, -0.5, 2.0, 0.25 }
// expect: refused
// Refused with the rewrite to a foreach loop over the same array (a gap: Array.ForEach with a lambda that writes a captured local).
// Round 20, second batch. Accumulating through a closure with Array.ForEach(x, v => sum += v * v).
using System;
using SourceAD;

namespace Stats;

public static partial class Moments
{
    [Differentiable]
    public static double SumSquares(double[] x)
    {
        double sum = 0.0;
        Array.ForEach(x, v => sum += v * v);
        return sum;
    }
}
