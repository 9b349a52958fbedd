// entry: Robust.Loss.Huber
// args: new double[] { 0.3, -2.0, 1.5, -0.2 }, 1.0
// expect: works
// The Huber loss as a nested conditional expression inside a foreach.
using System;
using SourceAD;

namespace Robust;

public static partial class Loss
{
    [Differentiable]
    public static double Huber(double[] r, double d)
    {
        double s = 0;
        foreach (var v in r)
            s += v > d ? d * (2 * v - d) : v < -d ? -d * (2 * v + d) : v * v;
        return s;
    }
}
