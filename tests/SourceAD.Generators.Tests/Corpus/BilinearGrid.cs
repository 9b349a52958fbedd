// entry: Interp.Grid.Bilinear
// args: new double[,] { { 0.0, 1.0, 4.0 }, { 1.0, 2.0, 5.0 }, { 4.0, 5.0, 8.0 } }, 1.3, 0.6
// expect: works
using System;
using SourceAD;

namespace Interp;

public static partial class Grid
{
    /// <summary>Bilinear interpolation on a unit-spaced grid.</summary>
    [Differentiable]
    public static double Bilinear(double[,] values, double x, double y)
    {
        int i = (int)Math.Floor(x);
        int j = (int)Math.Floor(y);
        i = Math.Clamp(i, 0, values.GetLength(0) - 2);
        j = Math.Clamp(j, 0, values.GetLength(1) - 2);
        double fx = x - i, fy = y - j;
        double top = values[i, j] * (1 - fy) + values[i, j + 1] * fy;
        double bottom = values[i + 1, j] * (1 - fy) + values[i + 1, j + 1] * fy;
        return top * (1 - fx) + bottom * fx;
    }
}
