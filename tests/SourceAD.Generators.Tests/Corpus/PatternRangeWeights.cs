// entry: Grading.Bands.Score
// args: new double[] { 0.15, 0.55, 0.95, 1.4 }
// expect: works
// A switch expression with relational and/or patterns inside a loop picks each sample's weight.
using System;
using SourceAD;

namespace Grading;

public static partial class Bands
{
    [Differentiable]
    public static double Score(double[] x)
    {
        double s = 0;
        foreach (double v in x)
        {
            double w = v switch
            {
                < 0.25 => 0.5,
                >= 0.25 and < 0.75 => 1.0,
                >= 0.75 and <= 1.0 => 2.0,
                _ => 0.1,
            };
            s += w * Math.Sqrt(v);
        }
        return s;
    }
}
