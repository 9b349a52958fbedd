// entry: Stats.Weighted.Covariance
// args: new double[] { 1.0, 2.5, 3.1, 4.7, 5.2 }, new double[] { 2.2, 2.9, 4.1, 5.5, 6.3 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Stats;

public static partial class Weighted
{
    /// <summary>Sample covariance, written with LINQ as people do.</summary>
    [Differentiable]
    public static double Covariance(double[] xs, double[] ys)
    {
        double mx = xs.Average();
        double my = ys.Average();
        double s = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
        return s / (xs.Length - 1);
    }
}
