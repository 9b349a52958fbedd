// entry: Forecast.Quantile.PinballLoss
// args: new double[] { 1.0, 2.5, 0.7, 3.2, 1.9, 2.2 }, new double[] { 1.2, 2.0, 1.1, 2.9, 2.4, 2.0 }, 0.8, 10.0
// expect: works
// Quantile (pinball) loss of a forecast, averaged over the samples seen, with an early exit once a loss budget is spent.
using System;
using SourceAD;

namespace Forecast;

public static partial class Quantile
{
    /// <summary>Average pinball loss for quantile tau; stops early when the running loss passes the budget.</summary>
    [Differentiable]
    public static double PinballLoss(double[] actual, double[] predicted, double tau, double budget)
    {
        if (actual.Length != predicted.Length) throw new ArgumentException("length mismatch");
        double total = 0.0;
        int n = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double residual = actual[i] - predicted[i];
            double loss = residual >= 0 ? tau * residual : (tau - 1.0) * residual;
            total += loss;
            n++;
            if (total > budget)
            {
                break;
            }
        }
        return n == 0 ? 0.0 : total / n;
    }
}
