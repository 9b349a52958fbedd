// entry: Geometry.Norms.Distance
// args: 0.3, 0.4, 2.5
// expect: works
// A hypot-style helper that scales by the largest magnitude to avoid overflow, with an early return for zero.
using System;
using SourceAD;

namespace Geometry;

public static partial class Norms
{
    static double Norm3(double a, double b, double c)
    {
        double m = Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c)));
        if (m == 0) return 0;
        a /= m;
        b /= m;
        c /= m;
        return m * Math.Sqrt(a * a + b * b + c * c);
    }

    [Differentiable]
    public static double Distance(double x, double y, double z) => Norm3(x - 1, y + 2, z * 0.5);
}
