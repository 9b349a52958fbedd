// entry: LinearAlgebra.Determinants.Det
// args: new double[,] { { 2.0, -1.0, 0.5 }, { 1.0, 3.0, -2.0 }, { 0.3, 0.7, 1.5 } }
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace LinearAlgebra;

public static partial class Determinants
{
    /// <summary>Determinant by cofactor expansion along the first row.</summary>
    [Differentiable]
    public static double Det(double[,] a)
    {
        int n = a.GetLength(0);
        if (n == 1) return a[0, 0];
        if (n == 2) return a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0];
        double det = 0;
        for (int col = 0; col < n; col++)
        {
            var minor = new double[n - 1, n - 1];
            for (int i = 1; i < n; i++)
            {
                int mc = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == col) continue;
                    minor[i - 1, mc++] = a[i, j];
                }
            }
            double sign = col % 2 == 0 ? 1 : -1;
            det += sign * a[0, col] * Det(minor);
        }
        return det;
    }

    /// <summary>∂det/∂a[i,j] = cofactor C[i,j] (3×3 written out).</summary>
    public static double[,] ExpectedGradient(double[,] a)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                int r0 = (i + 1) % 3, r1 = (i + 2) % 3, c0 = (j + 1) % 3, c1 = (j + 2) % 3;
                c[i, j] = a[r0, c0] * a[r1, c1] - a[r0, c1] * a[r1, c0];
            }
        return c;
    }
}
