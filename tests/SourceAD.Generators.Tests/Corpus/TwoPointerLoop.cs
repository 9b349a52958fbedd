// entry: Signals.Symmetry.Asymmetry
// args: new double[] { 0.3, 1.2, -0.4, 0.9, 1.1, 0.2 }
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Symmetry
{
    /// <summary>How far a signal is from a palindrome: a two-index for loop meeting in the middle.</summary>
    [Differentiable]
    public static double Asymmetry(double[] x)
    {
        double total = 0.0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            double d = x[i] - x[j];
            total += d * d;
        }
        return Math.Sqrt(total / x.Length);
    }
}
