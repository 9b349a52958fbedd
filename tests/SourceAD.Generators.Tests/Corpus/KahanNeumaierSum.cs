// entry: Numerics.Compensated.Neumaier
// args: new double[] { 1.0, 1e-3, -0.5, 2.25, 1e-4 }
// expect: works
// Neumaier's compensated sum: the compensation term picks its order by comparing magnitudes.
using System;
using SourceAD;

namespace Numerics;

public static partial class Compensated
{
    [Differentiable]
    public static double Neumaier(double[] x)
    {
        double sum = 0, c = 0;
        foreach (double v in x)
        {
            double t = sum + v * v;
            if (Math.Abs(sum) >= Math.Abs(v * v)) c += (sum - t) + v * v;
            else c += (v * v - t) + sum;
            sum = t;
        }
        return sum + c;
    }
}
