// entry: Stats.Information.Entropy
// args: new double[] { 0.5, 1.5, 3.0, 1.0 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Information
{
    /// <summary>Shannon entropy in bits of the normalized weights, plus a decibel term and a cube-root term.</summary>
    [Differentiable]
    public static double Entropy(double[] weights)
    {
        double total = 0;
        for (int i = 0; i < weights.Length; i++) total += weights[i];
        double h = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double p = weights[i] / total;
            h -= p * Math.Log(p, 2);
        }
        return h + 0.01 * (10 * Math.Log10(total)) + 0.1 * Math.Cbrt(weights[0]) + Math.Log2(weights[1]) * 0.05;
    }
}
