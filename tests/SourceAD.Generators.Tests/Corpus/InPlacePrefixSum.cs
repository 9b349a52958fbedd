// entry: Stats.Cumulative.MaxDrawdownProxy
// args: new double[] { 0.02, -0.01, 0.03, -0.04, 0.01 }, 100.0
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Cumulative
{
    /// <summary>Turns the returns into cumulative log-returns in place, then measures the final level against the start.</summary>
    [Differentiable]
    public static double MaxDrawdownProxy(double[] returns, double start)
    {
        for (int i = 0; i < returns.Length; i++)
        {
            returns[i] = Math.Log(1 + returns[i]);
            if (i > 0) returns[i] += returns[i - 1];
        }
        double level = start * Math.Exp(returns[returns.Length - 1]);
        return (level - start) / start + returns[1] * returns[3];
    }
}
