// entry: LinearAlgebra.Eigen.Dominant
// args: new double[,] { { 2.0, 1.0, 0.0 }, { 1.0, 3.0, 1.0 }, { 0.0, 1.0, 4.0 } }
// expect: works
// Power iteration with normalisation each step, then the Rayleigh quotient: the dominant eigenvalue.
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Eigen
{
    [Differentiable]
    public static double Dominant(double[,] a)
    {
        int n = a.GetLength(0);
        var v = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) v[i] = 1.0;
        for (int it = 0; it < 60; it++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i, j] * v[j];
                w[i] = s;
                norm += s * s;
            }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) v[i] = w[i] / norm;
        }
        double num = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i, j] * v[j];
            num += v[i] * s;
        }
        return num;
    }
}
