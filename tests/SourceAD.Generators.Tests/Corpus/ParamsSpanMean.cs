// entry: Stats.Params.SoftMax
// args: new double[] { 0.5, 1.5, -0.3 }
// expect: works
// A params ReadOnlySpan<double> entry (C# 13): a numerically stable log-sum-exp.
using System;
using SourceAD;

namespace Stats;

public static partial class Params
{
    [Differentiable]
    public static double SoftMax(params ReadOnlySpan<double> xs)
    {
        double m = double.NegativeInfinity;
        foreach (double v in xs) m = Math.Max(m, v);
        double s = 0;
        foreach (double v in xs) s += Math.Exp(v - m);
        return m + Math.Log(s);
    }
}
