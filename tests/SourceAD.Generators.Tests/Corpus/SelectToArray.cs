// entry: Kernels.Decay.WeightedSum
// args: new double[] { 1.0, 0.5, -0.25, 2.0, 1.5 }, 0.3
// expect: works
// Weights built with Enumerable.Range(...).Select(...).ToArray(), normalised with Sum(), then used in a loop.
using System;
using System.Linq;
using SourceAD;

namespace Kernels;

public static partial class Decay
{
    /// <summary>Σ w_i x_i with exponentially decaying, normalised weights w_i ∝ exp(−a·i).</summary>
    [Differentiable]
    public static double WeightedSum(double[] x, double a)
    {
        double[] w = Enumerable.Range(0, x.Length).Select(i => Math.Exp(-a * i)).ToArray();
        double norm = w.Sum();
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += w[i] / norm * x[i];
        return s;
    }
}
