// entry: LinearAlgebra.Minors.Det
// args: new double[] { 2.0, -1.0, 0.5, 1.0, 3.0, -2.0, 0.3, 0.7, 1.5 }, 3
// expect: works
using SourceAD;

namespace LinearAlgebra;

public static partial class Minors
{
    /// <summary>Determinant of an n×n row-major matrix by expansion over index lists edited in place (GradBench det style).</summary>
    [Differentiable]
    public static double Det(double[] a, int n)
    {
        int[] rows = new int[n];
        int[] cols = new int[n];
        for (int i = 0; i < n; i++) { rows[i] = i; cols[i] = i; }
        return Expand(a, n, rows, cols, n);
    }

    [Differentiable]
    private static double Expand(double[] a, int n, int[] rows, int[] cols, int size)
    {
        if (size == 1) return a[rows[0] * n + cols[0]];
        double det = 0;
        double sign = 1;
        int firstRow = rows[0];
        for (int i = 0; i < size - 1; i++) rows[i] = rows[i + 1];
        for (int c = 0; c < size; c++)
        {
            int col = cols[c];
            for (int k = c; k < size - 1; k++) cols[k] = cols[k + 1];
            det += sign * a[firstRow * n + col] * Expand(a, n, rows, cols, size - 1);
            for (int k = size - 1; k > c; k--) cols[k] = cols[k - 1];
            cols[c] = col;
            sign = -sign;
        }
        for (int i = size - 1; i > 0; i--) rows[i] = rows[i - 1];
        rows[0] = firstRow;
        return det;
    }
}
