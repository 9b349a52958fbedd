// entry: LinearAlgebra.Blas.Objective
// args: new double[] { 0.5, -1.2, 2.0 }, 0.7
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Blas
{
    /// <summary>y ← a·x + y, the BLAS axpy, written the usual way: it accumulates into its output.</summary>
    [Differentiable]
    public static void Axpy(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
            y[i] += a * x[i];
    }

    /// <summary>‖x² + a·x‖²: y starts as the elementwise square of x, then axpy adds a·x.</summary>
    [Differentiable]
    public static double Objective(double[] x, double a)
    {
        double[] y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        Axpy(x, a, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
        return s;
    }
}
