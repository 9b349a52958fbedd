// entry: Grids.Flat.RowWeighted
// args: new double[] { 1, 2, 3, 4, 5, 6 }, 3
// expect: works
// A matrix stored flat, row and column recovered by integer division and modulo.
using System;
using SourceAD;

namespace Grids;

public static partial class Flat
{
    [Differentiable]
    public static double RowWeighted(double[] a, int cols)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
        {
            int row = k / cols;
            int col = k % cols;
            s += (row + 1) * a[k] * a[k] / (col + 1);
        }
        return s;
    }
}
