// entry: Numerics.Pairwise.Sum
// args: new double[] { 0.5, 1.5, -2.0, 3.25, 0.75, -1.0, 2.0 }, 0, 7
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Pairwise
{
    /// <summary>Pairwise (cascade) summation of squares of x[lo..hi), recursively.</summary>
    [Differentiable]
    public static double Sum(double[] x, int lo, int hi)
    {
        if (hi - lo == 1) return x[lo] * x[lo];
        if (hi - lo == 0) return 0;
        int mid = lo + (hi - lo) / 2;
        return Sum(x, lo, mid) + Sum(x, mid, hi);
    }

    public static double[] ExpectedGradient(double[] x, int lo, int hi)
    {
        var g = new double[x.Length];
        for (int i = lo; i < hi; i++) g[i] = 2 * x[i];
        return g;
    }
}
