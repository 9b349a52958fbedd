// entry: LinearAlgebra.Cholesky.LogDeterminant
// args: new double[] { 4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0 }, 3
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Cholesky
{
    /// <summary>log det of a symmetric positive definite matrix (row-major) via Cholesky; reads only the lower triangle.</summary>
    [Differentiable]
    public static double LogDeterminant(double[] a, int n)
    {
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double diag = a[j * n + j];
            for (int k = 0; k < j; k++) diag -= l[j * n + k] * l[j * n + k];
            if (diag <= 0) return double.NaN;
            l[j * n + j] = Math.Sqrt(diag);
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / l[j * n + j];
            }
        }
        double logDet = 0;
        for (int i = 0; i < n; i++) logDet += 2 * Math.Log(l[i * n + i]);
        return logDet;
    }
}
