// entry: Forecast.Holt.SquaredError
// args: new double[] { 10.0, 12.0, 13.5, 15.2, 16.0, 18.1, 19.5 }, 0.5, 0.3
// expect: works
// Holt's linear trend exponential smoothing: one-step-ahead forecast errors summed, as a loss for fitting alpha, beta.
using System;
using SourceAD;

namespace Forecast;

public static partial class Holt
{
    /// <summary>Sum of squared one-step-ahead errors.</summary>
    [Differentiable]
    public static double SquaredError(double[] series, double alpha, double beta)
    {
        if (series.Length < 2) return 0;
        double level = series[0];
        double trend = series[1] - series[0];
        double sse = 0;
        for (int t = 1; t < series.Length; t++)
        {
            double forecast = level + trend;
            double error = series[t] - forecast;
            sse += error * error;
            double previousLevel = level;
            level = alpha * series[t] + (1 - alpha) * (level + trend);
            trend = beta * (level - previousLevel) + (1 - beta) * trend;
        }
        return sse;
    }
}
