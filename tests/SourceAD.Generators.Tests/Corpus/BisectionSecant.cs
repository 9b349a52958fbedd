// entry: Roots.Bracketing.CubeRootOf
// args: 5.0
// closed-form: ExpectedGradient
// closed-form-tolerance: 1e-6
// expect: works
using System;
using SourceAD;

namespace Roots;

public static partial class Bracketing
{
    /// <summary>Root of x³ − c by bisection to a small bracket, then one secant step to polish.</summary>
    [Differentiable]
    public static double CubeRootOf(double c)
    {
        double lo = 0, hi = Math.Max(1, c);
        double flo = lo * lo * lo - c, fhi = hi * hi * hi - c;
        for (int i = 0; i < 60 && hi - lo > 1e-9; i++)
        {
            double mid = 0.5 * (lo + hi);
            double fmid = mid * mid * mid - c;
            if ((fmid < 0) == (flo < 0))
            {
                lo = mid;
                flo = fmid;
            }
            else
            {
                hi = mid;
                fhi = fmid;
            }
        }
        return lo - flo * (hi - lo) / (fhi - flo);
    }

    public static double[] ExpectedGradient(double c) => new[] { 1 / (3 * Math.Cbrt(c) * Math.Cbrt(c)) };
}
