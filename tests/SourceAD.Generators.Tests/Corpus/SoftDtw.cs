// entry: Sequences.SoftDtw.Value
// args: new double[] { 0.0, 0.5, 1.0, 0.3 }, new double[] { 0.1, 0.6, 0.8, 0.2, 0.0 }, 0.1
// expect: works
using System;
using SourceAD;

namespace Sequences;

public static partial class SoftDtw
{
    /// <summary>Soft-DTW (Cuturi & Blondel) with a log-sum-exp soft minimum, rolling two rows.</summary>
    [Differentiable]
    public static double Value(double[] x, double[] y, double gamma)
    {
        int m = y.Length;
        double[] previous = new double[m + 1];
        double[] current = new double[m + 1];
        for (int j = 1; j <= m; j++) previous[j] = 1e10;
        previous[0] = 0;
        for (int i = 1; i <= x.Length; i++)
        {
            current[0] = 1e10;
            for (int j = 1; j <= m; j++)
            {
                double cost = (x[i - 1] - y[j - 1]) * (x[i - 1] - y[j - 1]);
                double a = -previous[j] / gamma, b = -current[j - 1] / gamma, c = -previous[j - 1] / gamma;
                double max = Math.Max(a, Math.Max(b, c));
                double softMin = -gamma * (max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max) + Math.Exp(c - max)));
                current[j] = cost + softMin;
            }
            (previous, current) = (current, previous);
        }
        return previous[m];
    }
}
