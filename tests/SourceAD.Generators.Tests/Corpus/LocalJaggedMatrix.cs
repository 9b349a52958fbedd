// entry: LinearAlgebra.Gram.FrobeniusOfGram
// args: new double[] { 0.5, -1.0, 2.0, 0.25, 1.5, -0.5 }, 2
// expect: works
// A local jagged matrix allocated row by row (new double[n][], then m[i] = new double[k]), filled and reduced.
using System;
using SourceAD;

namespace LinearAlgebra;

public static partial class Gram
{
    /// <summary>‖AᵀA‖_F² for A of shape (n/cols, cols) read row-major from a flat array.</summary>
    [Differentiable]
    public static double FrobeniusOfGram(double[] flat, int cols)
    {
        int rows = flat.Length / cols;
        var a = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            a[i] = new double[cols];
            for (int j = 0; j < cols; j++) a[i][j] = flat[i * cols + j];
        }
        double total = 0;
        for (int p = 0; p < cols; p++)
            for (int q = 0; q < cols; q++)
            {
                double g = 0;
                for (int i = 0; i < rows; i++) g += a[i][p] * a[i][q];
                total += g * g;
            }
        return total;
    }
}
