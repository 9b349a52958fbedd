// entry: ML.Quadratic.Loss
// args: new double[] { 1.0, -2.0, 0.5 }
// expect: refused
using SourceAD;

namespace ML;

public static partial class Quadratic
{
    [Differentiable]
    public static double Loss(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += (i + 1) * w[i] * w[i];
        return s;
    }

    /// <summary>The hand-written gradient this code base used before SourceAD (kept for comparison).</summary>
    public static double[] LossGradient(double[] w)
    {
        var g = new double[w.Length];
        for (int i = 0; i < w.Length; i++) g[i] = 2 * (i + 1) * w[i];
        return g;
    }
}
