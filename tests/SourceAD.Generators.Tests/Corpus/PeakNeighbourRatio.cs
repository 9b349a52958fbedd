// entry: Spectra.Peaks.Ratio
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Spectra;

public static partial class Peaks
{
    /// <summary>The left neighbour of the peak over the peak, found with Max and Array.IndexOf.</summary>
    [Differentiable]
    public static double Ratio(double[] xs)
    {
        double peak = xs.Max();
        int at = Array.IndexOf(xs, peak);
        double left = at > 0 ? xs[at - 1] : 0.0;
        return left / peak;
    }
}
