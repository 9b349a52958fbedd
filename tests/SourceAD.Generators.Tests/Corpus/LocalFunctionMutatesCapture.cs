// entry: Stats.Accumulate.Moments
// args: new double[] { 0.5, 1.5, -0.25, 2.0 }
// expect: works
// A local function that updates locals of the enclosing method (sum, sumSq) on each call.
using System;
using SourceAD;

namespace Stats;

public static partial class Accumulate
{
    [Differentiable]
    public static double Moments(double[] x)
    {
        double sum = 0, sumSq = 0;
        void Push(double v)
        {
            sum += v;
            sumSq += v * v;
        }
        foreach (double v in x) Push(v);
        Push(x[0] * x[^1]);
        double n = x.Length + 1;
        return sumSq / n - (sum / n) * (sum / n);
    }
}
