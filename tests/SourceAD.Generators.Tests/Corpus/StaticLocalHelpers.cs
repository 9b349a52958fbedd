// entry: Stats.Moments.Skewness
// args: new double[] { 1.0, 2.5, 0.7, 4.0, 3.2 }
// expect: works
// Sample skewness with two static local functions.
using System;
using SourceAD;

namespace Stats;

public static partial class Moments
{
    [Differentiable]
    public static double Skewness(double[] x)
    {
        static double Sq(double v) => v * v;
        static double Cube(double v) => v * v * v;

        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= x.Length;
        double m2 = 0, m3 = 0;
        foreach (double v in x)
        {
            m2 += Sq(v - mean);
            m3 += Cube(v - mean);
        }
        m2 /= x.Length;
        m3 /= x.Length;
        return m3 / Math.Pow(m2, 1.5);
    }
}
