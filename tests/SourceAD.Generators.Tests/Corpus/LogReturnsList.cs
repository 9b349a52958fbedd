// entry: Markets.Volatility.Annualized
// args: new double[] { 100.0, 101.2, 100.7, 102.3, 103.0, 102.1, 104.4 }
// expect: works
// Annualized volatility: log returns collected in a List<double>, then mean and variance by LINQ.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Markets;

public static partial class Volatility
{
    [Differentiable]
    public static double Annualized(double[] closes)
    {
        var returns = new List<double>();
        for (int i = 1; i < closes.Length; i++)
            returns.Add(Math.Log(closes[i] / closes[i - 1]));
        double mean = returns.Average();
        double variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1);
        return Math.Sqrt(variance * 252);
    }
}
