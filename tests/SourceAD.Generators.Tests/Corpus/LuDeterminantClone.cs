// entry: LinearAlgebra.Lu.LogAbsDet
// args: new double[,] { { 4.0, 1.0, 0.5 }, { 1.0, 3.0, 0.2 }, { 0.5, 0.2, 2.0 } }
// expect: works
// Doolittle LU without pivoting on a Clone of a rectangular array; the log of the absolute determinant.
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Lu
{
    [Differentiable]
    public static double LogAbsDet(double[,] m)
    {
        var a = (double[,])m.Clone();
        int n = a.GetLength(0);
        for (int k = 0; k < n; k++)
        {
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
            }
        }
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.Log(Math.Abs(a[k, k]));
        return s;
    }
}
