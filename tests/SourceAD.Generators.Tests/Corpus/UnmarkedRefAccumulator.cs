// entry: Stats.Moments.Skewness
// args: new double[] { 1.0, 2.5, -0.5, 4.0, 3.2, 0.7 }
// expect: works
using System;
using SourceAD;

namespace Stats;

// A utility class as people write one: static, not partial, with helpers that update by ref.
public static class Welford
{
    public static void Push(ref double count, ref double mean, ref double m2, double x)
    {
        count += 1;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
    }
}

public static partial class Moments
{
    private static void AddCube(ref double total, double d) => total += d * d * d;

    /// <summary>Sample skewness: Welford's running mean and variance, then the third central moment.</summary>
    [Differentiable]
    public static double Skewness(double[] xs)
    {
        double count = 0, mean = 0, m2 = 0;
        foreach (double x in xs) Welford.Push(ref count, ref mean, ref m2, x);
        double third = 0;
        for (int i = 0; i < xs.Length; i++) AddCube(ref third, xs[i] - mean);
        double variance = m2 / count;
        return third / count / Math.Pow(variance, 1.5);
    }
}
