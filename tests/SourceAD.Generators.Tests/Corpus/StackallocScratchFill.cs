// entry: Filters.Smooth.MovingAverageEnergy
// args: new double[] { 0.5, 1.5, -0.5, 2.0, 1.0, -1.0, 0.25 }
// expect: works
// stackalloc scratch with Clear and Fill, a window sum maintained incrementally, and span indexing.
using System;
using SourceAD;

namespace Filters;

public static partial class Smooth
{
    /// <summary>Energy of a 3-point moving average.</summary>
    [Differentiable]
    public static double MovingAverageEnergy(double[] x)
    {
        Span<double> avg = stackalloc double[x.Length];
        avg.Clear();
        double window = 0;
        for (int i = 0; i < x.Length; i++)
        {
            window += x[i];
            if (i >= 3) window -= x[i - 3];
            avg[i] = window / Math.Min(i + 1, 3);
        }
        double energy = 0;
        for (int i = 0; i < avg.Length; i++) energy += avg[i] * avg[i];
        return energy;
    }
}
