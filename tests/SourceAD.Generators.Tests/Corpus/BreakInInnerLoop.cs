// entry: Numerics.Series.PartialSums
// args: 0.6, new double[] { 1.0, 0.5, 0.25, 2.0 }
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Series
{
    /// <summary>For each coefficient, sums c·x^k until the term drops below a tolerance; returns the total.</summary>
    [Differentiable]
    public static double PartialSums(double x, double[] coefficients)
    {
        double total = 0;
        for (int j = 0; j < coefficients.Length; j++)
        {
            double term = coefficients[j];
            for (int k = 0; k < 100; k++)
            {
                total += term;
                term *= x / (k + 1);
                if (Math.Abs(term) < 1e-12) break;
            }
            if (total > 1e6) break;
        }
        return total;
    }
}
