// entry: LinearAlgebra.Solvers.SolveFirst
// args: new double[] { 0.5, 2.0, 1.0, 3.0, -1.0, 0.4, 1.2, 0.7, 2.5 }, new double[] { 1.0, -2.0, 0.5 }
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Solvers
{
    /// <summary>Solves A x = b (A row-major n×n) by Gaussian elimination with partial pivoting; returns x·x.</summary>
    [Differentiable]
    public static double SolveFirst(double[] a, double[] b)
    {
        int n = b.Length;
        var m = new double[n * n];
        var rhs = new double[n];
        for (int i = 0; i < n * n; i++) m[i] = a[i];
        for (int i = 0; i < n; i++) rhs[i] = b[i];

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col])) pivot = r;
            }
            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                {
                    double t = m[col * n + k];
                    m[col * n + k] = m[pivot * n + k];
                    m[pivot * n + k] = t;
                }
                double tb = rhs[col];
                rhs[col] = rhs[pivot];
                rhs[pivot] = tb;
            }
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / m[col * n + col];
                for (int k = col; k < n; k++) m[r * n + k] -= factor * m[col * n + k];
                rhs[r] -= factor * rhs[col];
            }
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = rhs[i];
            for (int k = i + 1; k < n; k++) s -= m[i * n + k] * x[k];
            x[i] = s / m[i * n + i];
        }
        double norm = 0;
        for (int i = 0; i < n; i++) norm += x[i] * x[i];
        return norm;
    }
}
