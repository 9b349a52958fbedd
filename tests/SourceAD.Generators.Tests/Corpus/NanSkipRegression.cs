// entry: Stats.Missing.SlopeLoss
// args: 0.8, 0.1, new double[] { 0.0, 1.0, 2.0, 3.0 }, new double[] { 0.2, double.NaN, 1.7, 2.5 }
// expect: works
// Least squares loss skipping missing observations (NaN in data) with double.IsNaN and continue.
using System;
using SourceAD;

namespace Stats;

public static partial class Missing
{
    [Differentiable]
    public static double SlopeLoss(double slope, double intercept, [NoDerivative] double[] t, [NoDerivative] double[] y)
    {
        double loss = 0;
        int used = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (double.IsNaN(y[i])) continue;
            double r = slope * t[i] + intercept - y[i];
            loss += r * r;
            used++;
        }
        return loss / Math.Max(used, 1);
    }
}
