// entry: Config.Sparse.Poly
// args: 0.9, new System.Collections.Generic.Dictionary<int, double> { [0] = 1.0, [3] = -0.5, [5] = 0.25 }
// expect: works
// Round 19: keys and values are two data arrays bound at the top, in the dictionary's order, walked by index.
// A sparse polynomial kept as power → coefficient, summed by foreach with KeyValuePair deconstruction.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Sparse
{
    [Differentiable]
    public static double Poly(double x, [NoDerivative] Dictionary<int, double> terms)
    {
        double s = 0;
        foreach (var (power, c) in terms) s += c * Math.Pow(x, power);
        return s;
    }
}
