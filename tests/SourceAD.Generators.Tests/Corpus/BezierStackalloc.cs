// entry: Curves.Bezier.PointX
// args: 0.0, 1.0, 3.0, 4.0, 0.35
// expect: works
// A cubic Bezier evaluated by de Casteljau in a stackalloc scratch span.
using System;
using SourceAD;

namespace Curves;

public static partial class Bezier
{
    [Differentiable]
    public static double PointX(double p0, double p1, double p2, double p3, double t)
    {
        Span<double> tmp = stackalloc double[4];
        tmp[0] = p0; tmp[1] = p1; tmp[2] = p2; tmp[3] = p3;
        for (int level = 3; level > 0; level--)
            for (int i = 0; i < level; i++)
                tmp[i] = (1 - t) * tmp[i] + t * tmp[i + 1];
        return tmp[0];
    }
}
