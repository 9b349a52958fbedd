// entry: Queues.Lindley.MeanWait
// args: new double[] { 1.2, 0.4, 2.0, 0.3, 0.9, 1.7 }, new double[] { 0.8, 1.1, 0.6, 1.4, 0.5, 1.0 }, 0.9
// expect: works
using System;
using SourceAD;

namespace Queues;

public static partial class Lindley
{
    /// <summary>Mean waiting time of a single-server queue by Lindley's recursion W(n+1) = max(0, W(n) + S(n) - A(n)).</summary>
    [Differentiable]
    public static double MeanWait(double[] interArrival, double[] service, double speed)
    {
        double w = 0.0, total = 0.0;
        for (int n = 0; n < service.Length - 1; n++)
        {
            w = Math.Max(0.0, w + service[n] / speed - interArrival[n + 1]);
            total += w;
        }
        return total / (service.Length - 1);
    }
}
