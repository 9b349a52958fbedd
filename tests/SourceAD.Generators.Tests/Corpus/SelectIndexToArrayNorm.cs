// entry: Features.Scale.Normalized
// args: new double[] { 3.0, -1.0, 0.5, 2.0 }
// expect: works
// Select with the index overload into an array, then a z-score normalisation with LINQ Average and a Sum of squares.
using System;
using System.Linq;
using SourceAD;

namespace Features;

public static partial class Scale
{
    /// <summary>Σ z_i · w_i for the z-scores of position-weighted features.</summary>
    [Differentiable]
    public static double Normalized(double[] x)
    {
        double[] f = x.Select((v, i) => v * (1 + 0.1 * i)).ToArray();
        double mean = f.Average();
        double sd = Math.Sqrt(f.Sum(v => (v - mean) * (v - mean)) / (f.Length - 1));
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += (f[i] - mean) / sd * (i + 1);
        return s;
    }
}
