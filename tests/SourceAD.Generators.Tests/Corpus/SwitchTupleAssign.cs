// entry: Geometry.Order.OrientedArea
// args: new double[] { 0.0, 1.0, 3.0, 0.5 }, new double[] { 0.0, 2.0, 1.0, -1.0 }, 1
// expect: works
// A switch expression that returns a tuple, deconstructed into two locals, selecting the traversal direction (was refused:
// tuple-valued switch expressions; TupleChoiceTests).
using System;
using SourceAD;

namespace Geometry;

public static partial class Order
{
    /// <summary>Shoelace area of the polygon traversed clockwise or counter-clockwise by mode.</summary>
    [Differentiable]
    public static double OrientedArea(double[] xs, double[] ys, int mode)
    {
        int n = xs.Length;
        double area = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            (double a, double b) = mode switch
            {
                0 => (xs[i] * ys[j], xs[j] * ys[i]),
                _ => (xs[j] * ys[i], xs[i] * ys[j]),
            };
            area += a - b;
        }
        return 0.5 * area;
    }
}
