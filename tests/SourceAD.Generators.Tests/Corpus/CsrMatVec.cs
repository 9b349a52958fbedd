// entry: Sparse.Csr.QuadraticEnergy
// args: new int[] { 0, 2, 5, 7 }, new int[] { 0, 1, 0, 1, 2, 1, 2 }, new double[] { 4, -1, -1, 4, -1, -1, 4 }, new double[] { 1.0, 0.5, -0.3 }
// expect: works
// x^T A x / 2 with A stored in compressed sparse row form.
using System;
using SourceAD;

namespace Sparse;

public static partial class Csr
{
    private static void Multiply(int[] rowPtr, int[] colIdx, double[] values, double[] x, double[] y)
    {
        for (int row = 0; row < rowPtr.Length - 1; row++)
        {
            double sum = 0;
            for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                sum += values[k] * x[colIdx[k]];
            y[row] = sum;
        }
    }

    [Differentiable]
    public static double QuadraticEnergy(int[] rowPtr, int[] colIdx, double[] values, double[] x)
    {
        var ax = new double[x.Length];
        Multiply(rowPtr, colIdx, values, x, ax);
        double e = 0;
        for (int i = 0; i < x.Length; i++) e += x[i] * ax[i];
        return 0.5 * e;
    }
}
