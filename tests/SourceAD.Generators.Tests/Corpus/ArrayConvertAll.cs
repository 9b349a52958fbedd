// entry: Learning.Mapping.SoftplusSum
// args: new double[] { 0.5, -1.5, 2.0 }
// expect: works
// Array.ConvertAll with a lambda, then a loop over the mapped array.
using System;
using SourceAD;

namespace Learning;

public static partial class Mapping
{
    [Differentiable]
    public static double SoftplusSum(double[] z)
    {
        double[] a = Array.ConvertAll(z, v => Math.Log(1 + Math.Exp(v)));
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * z[i];
        return s;
    }
}
