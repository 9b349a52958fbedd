// entry: Forecasting.Smoothing.MeanAbsoluteError
// args: 0.4, 0.2, new double[] { 12.0, 13.5, 13.1, 14.8, 15.2, 16.9, 16.4, 18.0, 19.3, 19.1 }
// expect: works
// Zip with a List<double> local and a Skip window as its sequences (was refused: Zip took two arrays).
// Holt's double exponential smoothing; the one-step-ahead forecasts are collected in a List<double> and compared
// with what happened next by LINQ Zip and Average.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Forecasting;

public static partial class Smoothing
{
    /// <summary>Mean absolute one-step forecast error of Holt's method with smoothing factors alpha and beta.</summary>
    [Differentiable]
    public static double MeanAbsoluteError(double alpha, double beta, double[] series)
    {
        double level = series[0];
        double trend = series[1] - series[0];
        var forecasts = new List<double>(series.Length - 1);
        for (int t = 1; t < series.Length; t++)
        {
            forecasts.Add(level + trend);
            double previousLevel = level;
            level = alpha * series[t] + (1 - alpha) * (level + trend);
            trend = beta * (level - previousLevel) + (1 - beta) * trend;
        }

        return forecasts.Zip(series.Skip(1), (f, actual) => Math.Abs(actual - f)).Average();
    }
}
