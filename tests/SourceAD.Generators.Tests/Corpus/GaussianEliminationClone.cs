// entry: Linear.Solve.WeightedSolution
// args: new double[] { 4.0, 1.0, 0.5, 1.0, 3.0, -0.25, 0.5, -0.25, 2.0 }, new double[] { 1.0, 2.0, -1.0 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Linear;

public static partial class Solve
{
    /// <summary>
    /// Solves A x = b by Gaussian elimination with partial pivoting on copies of the inputs (Clone and ToArray, so the
    /// caller's arrays stay untouched), and returns Σ (i + 1)·x_i.
    /// </summary>
    [Differentiable]
    public static double WeightedSolution(double[] matrix, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[])matrix.Clone();
        var b = rhs.ToArray();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[pivot * n + col])) pivot = r;
            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                    (a[col * n + k], a[pivot * n + k]) = (a[pivot * n + k], a[col * n + k]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (int r = col + 1; r < n; r++)
            {
                double factor = a[r * n + col] / a[col * n + col];
                for (int k = col; k < n; k++) a[r * n + k] -= factor * a[col * n + k];
                b[r] -= factor * b[col];
            }
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[i * n + k] * x[k];
            x[i] = s / a[i * n + i];
        }
        double result = 0;
        for (int i = 0; i < n; i++) result += (i + 1) * x[i];
        return result;
    }
}
