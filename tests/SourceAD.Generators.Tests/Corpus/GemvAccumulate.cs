// entry: LinearAlgebra.Dense.Residual
// args: new double[] { 2.0, -1.0, 0.5, 1.0, 3.0, -0.5 }, new double[] { 0.3, -0.8 }, new double[] { 1.0, 0.2, -0.4 }
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Dense
{
    /// <summary>y ← A·x + beta·y for a row-major m×n matrix, the BLAS gemv, accumulating into y.</summary>
    [Differentiable]
    public static void Gemv(double[] a, double[] x, double beta, double[] y)
    {
        int n = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] *= beta;
            for (int j = 0; j < n; j++)
                y[i] += a[i * n + j] * x[j];
        }
    }

    /// <summary>‖A·x − b‖² after two damped refinement passes that reuse the residual buffer.</summary>
    [Differentiable]
    public static double Residual(double[] a, double[] x, double[] b)
    {
        var r = new double[b.Length];
        for (int i = 0; i < r.Length; i++) r[i] = -b[i];
        Gemv(a, x, 1.0, r);
        Gemv(a, x, 0.5, r);
        double s = 0;
        for (int i = 0; i < r.Length; i++) s += r[i] * r[i];
        return s;
    }
}
