// entry: Series.Powers.Evaluate
// args: new double[] { 0.5, -1.25, 2.0, 0.75 }, 0.8
// expect: works
using System;
using SourceAD;

namespace Series;

/// <summary>A polynomial through a recursive power helper called in a loop: recursion stays a call.</summary>
public static partial class Powers
{
    [Differentiable]
    public static double Power(double x, int m) => m == 0 ? 1.0 : x * Power(x, m - 1);

    [Differentiable]
    public static double Evaluate(ReadOnlySpan<double> c, double x)
    {
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += c[i] * Power(x, i);
        return s;
    }
}
