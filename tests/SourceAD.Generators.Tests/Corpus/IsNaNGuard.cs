// entry: Stats.Safe.LogRatio
// args: 3.0, 1.5
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class Safe
{
    /// <summary>log(a/b) that returns 0 for invalid inputs instead of NaN or infinity.</summary>
    [Differentiable]
    public static double LogRatio(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return 0;
        double r = Math.Log(a / b);
        if (!double.IsFinite(r)) return 0;
        return r;
    }

    public static double[] ExpectedGradient(double a, double b) => new[] { 1 / a, -1 / b };
}
