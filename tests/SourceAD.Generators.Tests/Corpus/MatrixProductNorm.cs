// entry: LinearAlgebra.Products.FrobeniusOfProduct
// args: new double[,] { { 1.0, 2.0 }, { -0.5, 0.3 }, { 0.7, -1.1 } }, new double[,] { { 0.4, -0.2, 1.0 }, { 0.9, 0.5, -0.6 } }
// expect: works
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Products
{
    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int p = 0; p < k; p++)
                    c[i, j] += a[i, p] * b[p, j];
        return c;
    }

    /// <summary>‖A·B‖_F.</summary>
    [Differentiable]
    public static double FrobeniusOfProduct(double[,] a, double[,] b)
    {
        double[,] c = Multiply(a, b);
        double sum = 0;
        foreach (double v in c) sum += v * v;
        return Math.Sqrt(sum);
    }
}
