// entry: Config.Mixture.Blend
// args: 2.0, new System.Collections.Generic.Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.5, ["c"] = 0.3 }
// expect: works
// A blend over a data dictionary's Values with foreach, and its Keys counted for a mean.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Mixture
{
    [Differentiable]
    public static double Blend(double x, [NoDerivative] Dictionary<string, double> weights)
    {
        double s = 0;
        foreach (double w in weights.Values) s += w * Math.Exp(-w * x);
        return s / weights.Count;
    }
}
