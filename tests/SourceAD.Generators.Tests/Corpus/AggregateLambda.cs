// entry: Stats.Fold.SumOfSquares
// args: new double[] { 1.5, -0.5, 2.5, 0.75 }
// expect: works
// Enumerable.Aggregate with a seed and a lambda: the fold loop .NET runs, the lambda inlined (round 11).
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Fold
{
    /// <summary>Σ x² with Enumerable.Aggregate and a seed, as functional-style C# writes it.</summary>
    [Differentiable]
    public static double SumOfSquares(double[] xs) => xs.Aggregate(0.0, (acc, x) => acc + x * x);
}
