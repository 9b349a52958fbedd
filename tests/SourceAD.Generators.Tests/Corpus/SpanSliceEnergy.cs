// entry: Signals.Energy.Split
// args: new double[] { 0.5, -1.2, 2.0, 0.3, 1.1 }
// expect: works
// A ReadOnlySpan helper called on Slice views of the input.
using System;
using SourceAD;

namespace Signals;

public static partial class Energy
{
    static double SumSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double e in v) s += e * e;
        return s;
    }

    [Differentiable]
    public static double Split(double[] x)
    {
        ReadOnlySpan<double> all = x;
        return SumSquares(all.Slice(0, 2)) - 0.5 * SumSquares(all.Slice(2));
    }
}
