// entry: Shapes.Polygon.Area
// args: new double[] { 0.0, 2.0, 2.5, 0.5 }, new double[] { 0.0, 0.1, 1.8, 1.5 }
// expect: works
using System;
using SourceAD;

namespace Shapes;

public static partial class Polygon
{
    /// <summary>The shoelace formula, the last vertex joined to the first.</summary>
    [Differentiable]
    public static double Area(double[] xs, double[] ys)
    {
        double a = 0;
        int n = xs.Length;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            a += xs[i] * ys[j] - xs[j] * ys[i];
        }
        return Math.Abs(a) / 2;
    }
}
