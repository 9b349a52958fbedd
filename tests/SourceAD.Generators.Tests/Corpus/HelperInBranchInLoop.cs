// entry: Finance.Portfolio2.Utility
// args: new double[] { 0.05, -0.02, 0.11, 0.03 }, 2.0
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Portfolio2
{
    [Differentiable]
    private static double Crra(double wealth, double gamma) => (Math.Pow(wealth, 1 - gamma) - 1) / (1 - gamma);

    /// <summary>Expected CRRA utility over scenarios, log utility for losses.</summary>
    [Differentiable]
    public static double Utility(double[] returns, double gamma)
    {
        double u = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            double wealth = 1 + returns[i];
            if (returns[i] >= 0) u += Crra(wealth, gamma);
            else u += Math.Log(wealth);
        }
        return u / returns.Length;
    }
}
