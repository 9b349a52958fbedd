// entry: Interp.Uniform.Sample
// args: new double[] { 0.0, 0.8, 1.5, 1.1, 2.4 }, 2.3
// expect: works
using System;
using SourceAD;

namespace Interp;

public static partial class Uniform
{
    /// <summary>Linear interpolation of samples at integer abscissae 0, 1, 2, …</summary>
    [Differentiable]
    public static double Sample(double[] ys, double x)
    {
        int i = (int)x;
        if (i < 0) i = 0;
        if (i > ys.Length - 2) i = ys.Length - 2;
        double f = x - i;
        return ys[i] * (1 - f) + ys[i + 1] * f;
    }
}
