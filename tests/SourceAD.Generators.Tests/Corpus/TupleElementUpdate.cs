// entry: Stats.Welford.Variance
// args: new double[] { 2.0, 4.5, 3.25, 5.0, 1.5 }
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Welford
{
    /// <summary>Welford's online variance with the running state in a named tuple updated element by element.</summary>
    [Differentiable]
    public static double Variance(double[] xs)
    {
        (int Count, double Mean, double M2) s = (0, 0.0, 0.0);
        foreach (double x in xs)
        {
            s.Count++;
            double delta = x - s.Mean;
            s.Mean += delta / s.Count;
            s.M2 += delta * (x - s.Mean);
        }
        return s.M2 / (s.Count - 1);
    }
}
