// entry: Finance.Performance.Sharpe
// args: new double[] { 0.012, -0.004, 0.021, 0.007, -0.011, 0.016 }, 0.001
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Finance;

public static partial class Performance
{
    /// <summary>Sharpe ratio of a series of periodic returns.</summary>
    [Differentiable]
    public static double Sharpe(double[] returns, double riskFree)
    {
        double mean = returns.Average();
        double sumSq = 0;
        foreach (double r in returns)
        {
            sumSq += (r - mean) * (r - mean);
        }
        double std = Math.Sqrt(sumSq / (returns.Length - 1));
        return (mean - riskFree) / std;
    }
}
