// entry: ML.Activations.PiecewiseSum
// args: new double[] { -1.7, -0.4, 0.3, 1.6, 0.9 }
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Activations
{
    /// <summary>Sum of a hard-tanh-like piecewise activation with a quadratic middle section.</summary>
    [Differentiable]
    public static double PiecewiseSum(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            s += v > 0 ? (v > 1 ? 1 + 0.1 * (v - 1) : v * v) : (v < -1 ? -1 + 0.1 * (v + 1) : -v * v);
        }
        return s;
    }
}
