// entry: ML.Regularizers.Elastic
// args: new double[] { 0.4, -0.7, 1.1 }
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Regularizers
{
    public static double L1Weight = 0.05;
    private static readonly double L2Weight = 0.2;

    /// <summary>Elastic-net penalty with globally configured weights.</summary>
    [Differentiable]
    public static double Elastic(double[] w)
    {
        double l1 = 0, l2 = 0;
        for (int i = 0; i < w.Length; i++)
        {
            l1 += Math.Abs(w[i]);
            l2 += w[i] * w[i];
        }
        return L1Weight * l1 + L2Weight * l2;
    }
}
