// entry: Text.Weights.ByNameLength
// args: new double[] { 0.5, 1.5, -2.0 }, new[] { "a", "bcd", "ef" }
// expect: works
// Weights taken from string lengths of a data array of names.
using System;
using SourceAD;

namespace Text;

public static partial class Weights
{
    [Differentiable]
    public static double ByNameLength(double[] x, [NoDerivative] string[] names)
    {
        double s = 0;
        int total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += names[i].Length * x[i] * x[i];
            total += names[i].Length;
        }
        return s / total;
    }
}
