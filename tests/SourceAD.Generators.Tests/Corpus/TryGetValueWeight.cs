// entry: Config.Weights.Score
// args: new double[] { 0.5, -1.0, 2.0 }, new System.Collections.Generic.Dictionary<int, double> { [0] = 2.0, [2] = 0.25 }
// expect: works
// TryGetValue in a conditional expression with a typed out declaration: a weight per index, 1.0 when missing.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Weights
{
    [Differentiable]
    public static double Score(double[] x, [NoDerivative] IReadOnlyDictionary<int, double> p)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double w = p.TryGetValue(k, out double t) ? t : 1.0;
            s += w * x[k] * x[k];
        }
        return s;
    }
}
