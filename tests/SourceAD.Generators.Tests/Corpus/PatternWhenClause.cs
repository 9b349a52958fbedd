// entry: Losses.Piecewise.Total
// args: new double[] { -2.5, -0.3, 0.4, 1.7, 3.2 }
// expect: works
using System;
using SourceAD;

namespace Losses;

public static partial class Piecewise
{
    private static double Term(double r) => r switch
    {
        var d when d < -1 => -2 * d - 1,
        double d and >= -1 and <= 1 => d * d,
        _ => 2 * r - 1,
    };

    /// <summary>A Huber-like loss written with switch patterns and a when clause.</summary>
    [Differentiable]
    public static double Total(double[] residuals)
    {
        double sum = 0;
        foreach (double r in residuals)
        {
            if (r is double v and > 3) sum += Math.Log(v);
            sum += Term(r);
        }
        return sum;
    }
}
