// entry: Learning.Decay.Sum
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }, 0.8
// expect: works
using System;
using SourceAD;

namespace Learning;

public static partial class Decay
{
    /// <summary>A local function reading a local that the loop changes after each call.</summary>
    [Differentiable]
    public static double Sum(double[] xs, double k)
    {
        double scale = 1.0;
        double Term(double v) => scale * Math.Tanh(k * v);
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s += Term(xs[i]);
            scale *= 0.9;
        }
        return s;
    }
}
