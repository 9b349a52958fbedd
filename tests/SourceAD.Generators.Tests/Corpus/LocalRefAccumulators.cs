// entry: Stats.Welford.Variance
// args: new double[] { 2.0, 4.5, -1.0, 3.25, 0.5 }
// expect: works
// Welford's online variance with a local function taking the running mean and M2 by ref.
using System;
using SourceAD;

namespace Stats;

public static partial class Welford
{
    /// <summary>The sample variance by Welford's update.</summary>
    [Differentiable]
    public static double Variance(double[] xs)
    {
        double mean = 0, m2 = 0;
        int count = 0;
        static void Push(double x, ref int n, ref double mu, ref double acc)
        {
            n++;
            double delta = x - mu;
            mu += delta / n;
            acc += delta * (x - mu);
        }
        foreach (double x in xs) Push(x, ref count, ref mean, ref m2);
        return m2 / (count - 1);
    }
}
