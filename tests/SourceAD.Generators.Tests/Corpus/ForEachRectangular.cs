// entry: Matrices.Norm.Frobenius
// args: new double[,] { { 1.0, -2.0 }, { 0.5, 3.0 }, { 1.5, -0.25 } }
// expect: works
// foreach over a two-dimensional array visits every element in row-major order.
using System;
using SourceAD;

namespace Matrices;

public static partial class Norm
{
    [Differentiable]
    public static double Frobenius(double[,] m)
    {
        double s = 0;
        foreach (double v in m) s += v * v;
        return Math.Sqrt(s);
    }
}
