// entry: Stats.RobustFit.TrimmedLoss
// args: 0.5, 1.9, new double[] { 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0 }, new double[] { 0.37, 2.61, 4.18, double.NaN, 8.02, 10.33, 30.0, 13.71, 15.94, 17.46, 19.61 }
// expect: works
// The NaN observation is an input finite differences cannot perturb, so the harness compares no column for it.
// Absolute residuals collected in a List<double> (missing observations skipped), copied out with ToArray, sorted, and
// the middle 80 % averaged: a trimmed loss that ignores the outlier.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Stats;

public static partial class RobustFit
{
    /// <summary>Trimmed mean of |y − (a + b·x)| over the observed points.</summary>
    [Differentiable]
    public static double TrimmedLoss(double intercept, double slope, double[] x, double[] y)
    {
        var residuals = new List<double>();
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(y[i]))
                continue;
            residuals.Add(Math.Abs(y[i] - (intercept + slope * x[i])));
        }

        double[] sorted = residuals.ToArray();
        Array.Sort(sorted);
        int trim = sorted.Length / 10;
        double sum = 0;
        int kept = 0;
        for (int i = trim; i < sorted.Length - trim; i++)
        {
            sum += sorted[i];
            kept++;
        }
        return sum / kept;
    }
}
