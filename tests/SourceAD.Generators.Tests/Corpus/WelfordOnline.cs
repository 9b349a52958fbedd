// entry: Stats.Online.Variance
// args: new double[] { 2.0, 4.5, 3.0, 5.5, 1.0, 4.0 }
// expect: works
// Round 20. Welford's online mean and variance: a count incremented first, delta before and after the mean update.
using System;
using SourceAD;

namespace Stats;

public static partial class Online
{
    [Differentiable]
    public static double Variance(double[] samples)
    {
        int count = 0;
        double mean = 0.0, m2 = 0.0;
        foreach (var x in samples)
        {
            count++;
            double delta = x - mean;
            mean += delta / count;
            double delta2 = x - mean;
            m2 += delta * delta2;
        }
        return count > 1 ? m2 / (count - 1) : 0.0;
    }
}
