// entry: Signals.Smoothing.Ema
// args: new double[] { 1.0, 1.5, 0.7, 2.2, 1.9, 0.4 }, 0.3
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Smoothing
{
    /// <summary>Exponential moving average read backwards from the newest sample, stopping when weights are negligible.</summary>
    [Differentiable]
    public static double Ema(double[] series, double alpha)
    {
        double weight = alpha, total = 0, norm = 0;
        int i = series.Length - 1;
        while (i >= 0)
        {
            total += weight * series[i];
            norm += weight;
            weight *= 1 - alpha;
            if (weight < 1e-3) break;
            i--;
        }
        return total / norm;
    }
}
