// entry: LinearAlgebra.Eigen.DominantEigenvalue
// args: new double[] { 2.0, 0.5, 0.1, 0.5, 1.0, 0.3, 0.1, 0.3, 0.5 }
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Eigen
{
    /// <summary>Rayleigh quotient after 60 power iterations on a 3×3 matrix.</summary>
    [Differentiable]
    public static double DominantEigenvalue(double[] m)
    {
        var v = new double[3];
        var w = new double[3];
        v[0] = 1; v[1] = 1; v[2] = 1;
        for (int it = 0; it < 60; it++)
        {
            for (int i = 0; i < 3; i++)
            {
                w[i] = 0;
                for (int j = 0; j < 3; j++) w[i] += m[i * 3 + j] * v[j];
            }
            double norm = Math.Sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            for (int i = 0; i < 3; i++) v[i] = w[i] / norm;
        }
        double num = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                num += v[i] * m[i * 3 + j] * v[j];
        return num;
    }
}
