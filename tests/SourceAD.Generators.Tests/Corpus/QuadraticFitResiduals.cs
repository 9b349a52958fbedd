// entry: Fitting.Quadratic.Rmse
// args: new double[] { 0.2, -0.5, 1.1 }, new double[] { 0.0, 0.5, 1.0, 1.5, 2.0, 2.5 }, new double[] { 0.3, 0.1, 0.9, 2.0, 3.9, 6.1 }
// expect: works
// Residuals of a quadratic model collected in a List<double> (created with its capacity), then reduced with foreach.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Fitting;

public static partial class Quadratic
{
    /// <summary>Root-mean-square residual of y ≈ p0 + p1 x + p2 x².</summary>
    [Differentiable]
    public static double Rmse(double[] p, double[] xs, double[] ys)
    {
        var residuals = new List<double>(xs.Length);
        for (int i = 0; i < xs.Length; i++)
        {
            double predicted = p[0] + p[1] * xs[i] + p[2] * xs[i] * xs[i];
            residuals.Add(ys[i] - predicted);
        }

        double sse = 0;
        foreach (var r in residuals)
            sse += r * r;
        return Math.Sqrt(sse / residuals.Count);
    }
}
