// entry: Series.Piecewise.Evaluate
// args: new double[] { 0.3, -0.8, 1.2, 0.5 }, 0.7
// expect: works
// A fold (Aggregate) inside a branch inside a loop, with an early continue, and a method group selector.
using System;
using System.Linq;
using SourceAD;

namespace Series;

public static partial class Piecewise
{
    private static double Bump(double v) => v * Math.Exp(-v * v);

    /// <summary>For each coefficient, a Horner polynomial in t up to that index or a bump sum, by sign.</summary>
    [Differentiable]
    public static double Evaluate(double[] c, double t)
    {
        double total = 0;
        for (int k = 0; k < c.Length; k++)
        {
            if (Math.Abs(c[k]) < 0.1) continue;
            if (c[k] > 0)
                total += c.Take(k + 1).Reverse().Aggregate(0.0, (acc, ck) => acc * t + ck);
            else
                total += c.Select(Bump).Sum() * c[k];
        }
        return total;
    }
}
