// entry: Stats.Filtered.PositiveMean
// args: new double[] { 1.5, -2.0, 0.5, 3.0, -0.1 }
// expect: works
// Mean of the positive entries with an int counter, guarded against an empty selection.
using System;
using SourceAD;

namespace Stats;

public static partial class Filtered
{
    [Differentiable]
    public static double PositiveMean(double[] x)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in x)
        {
            if (v <= 0) continue;
            sum += v;
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }
}
