// entry: ML.Linq.WeightedSquares
// args: new double[] { 0.5, -1.5, 2.0, 0.25 }
// expect: works
// x.Select(Math.Abs): a method group as a LINQ selector, read as the lambda v => Math.Abs(v) (round 11).
using System;
using System.Linq;
using SourceAD;

namespace ML;

public static partial class Linq
{
    /// <summary>Σ (i+1)·x_i² written with Enumerable.Range, and a max-norm with Select.</summary>
    [Differentiable]
    public static double WeightedSquares(double[] x)
    {
        double weighted = Enumerable.Range(0, x.Length).Select(i => (i + 1) * x[i] * x[i]).Sum();
        double peak = x.Select(Math.Abs).Max();
        return weighted + peak;
    }
}
