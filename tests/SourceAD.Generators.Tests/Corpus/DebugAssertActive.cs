// entry: Chem.Arrhenius.Rate
// args: new double[] { 300.0, 310.0, 320.0 }, 5000.0, 2.0
// expect: works
// Debug.Assert on active values and a Trace line, left in the method as developers leave them.
using System;
using System.Diagnostics;
using SourceAD;

namespace Chem;

public static partial class Arrhenius
{
    /// <summary>Mean Arrhenius rate A·exp(−Ea/T) over temperatures, in log space.</summary>
    [Differentiable]
    public static double Rate(double[] temperatures, double activation, double logPrefactor)
    {
        double sum = 0;
        foreach (double t in temperatures)
        {
            Debug.Assert(t > 0, "temperature must be positive");
            double rate = Math.Exp(logPrefactor - activation / t);
            Debug.Assert(rate >= 0 && !double.IsNaN(rate));
            sum += rate;
        }
        Trace.WriteLineIf(sum > 1e6, "large rate");
        return sum / temperatures.Length;
    }
}
