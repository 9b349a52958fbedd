// entry: ML.Normalization.Standardize
// args: new double[] { 1.0, 4.0, 2.5, -0.5 }, new double[4]
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Normalization
{
    private const double Epsilon = 1e-5;

    /// <summary>Batch-norm style standardization: y = (x − mean) / sqrt(var + ε).</summary>
    [Differentiable]
    public static void Standardize(ReadOnlySpan<double> x, Span<double> y)
    {
        double mean = 0;
        for (int i = 0; i < x.Length; i++) mean += x[i];
        mean /= x.Length;
        double variance = 0;
        for (int i = 0; i < x.Length; i++) variance += (x[i] - mean) * (x[i] - mean);
        variance /= x.Length;
        double inv = 1 / Math.Sqrt(variance + Epsilon);
        for (int i = 0; i < x.Length; i++) y[i] = (x[i] - mean) * inv;
    }
}
