// entry: Solvers.Iterative.GaussSeidel
// args: new double[] { 1.0, 2.0, -1.0 }, new double[,] { { 4.0, 1.0, 0.5 }, { 1.0, 5.0, 1.0 }, { 0.5, 1.0, 3.0 } }
// expect: works
// Fixed Gauss-Seidel sweeps on a diagonally dominant system; both the matrix and the right-hand side are inputs.
using System;
using SourceAD;

namespace Solvers;

public static partial class Iterative
{
    [Differentiable]
    public static double GaussSeidel(double[] b, double[,] a)
    {
        int n = b.Length;
        var x = new double[n];
        for (int sweep = 0; sweep < 25; sweep++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b[i];
                for (int j = 0; j < n; j++)
                {
                    if (j != i) s -= a[i, j] * x[j];
                }
                x[i] = s / a[i, i];
            }
        }
        double r = 0;
        for (int i = 0; i < n; i++) r += x[i] * (i + 1);
        return r;
    }
}
