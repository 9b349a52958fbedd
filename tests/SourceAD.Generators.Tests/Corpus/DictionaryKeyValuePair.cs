// entry: Config.SparseKv.Poly
// args: 0.9, new System.Collections.Generic.Dictionary<int, double> { [0] = 1.0, [3] = -0.5, [5] = 0.25 }
// expect: works
// A sparse polynomial kept as power -> coefficient, summed by foreach over KeyValuePair with .Key and .Value.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class SparseKv
{
    [Differentiable]
    public static double Poly(double x, [NoDerivative] Dictionary<int, double> terms)
    {
        double s = 0;
        foreach (KeyValuePair<int, double> kv in terms) s += kv.Value * Math.Pow(x, kv.Key);
        return s;
    }
}
