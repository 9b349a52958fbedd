// entry: Geometry.Polygon.CentroidX
// args: new double[] { 0.0, 4.0, 5.0, 2.0, -1.0 }, new double[] { 0.0, 0.5, 3.0, 4.5, 2.0 }
// expect: works
// Round 20. The x coordinate of a simple polygon's centroid by the shoelace formula, the next vertex by a wrap-around
// ternary (i == n - 1 ? 0 : i + 1).
using System;
using SourceAD;

namespace Geometry;

public static partial class Polygon
{
    [Differentiable]
    public static double CentroidX(double[] xs, double[] ys)
    {
        int n = xs.Length;
        double area2 = 0.0, cx = 0.0;
        for (int i = 0; i < n; i++)
        {
            int j = i == n - 1 ? 0 : i + 1;
            double cross = xs[i] * ys[j] - xs[j] * ys[i];
            area2 += cross;
            cx += (xs[i] + xs[j]) * cross;
        }
        return cx / (3.0 * area2);
    }
}
