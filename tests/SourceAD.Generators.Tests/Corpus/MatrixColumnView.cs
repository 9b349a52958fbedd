// entry: Linear.ColumnMajor.WeightedColumnNorms
// args: new double[] { 0.5, -1.2, 0.3, 2.0, 0.7, -0.4, 1.1, 0.9, -0.6, 0.25, 0.8, -1.5 }, 3
// expect: works
using System;
using SourceAD;

namespace Linear;

/// <summary>Column-major matrices as flat arrays, with a helper that hands out one column without copying it.</summary>
public static partial class ColumnMajor
{
    /// <summary>Column <paramref name="j"/> of a matrix with <paramref name="rows"/> rows, viewed in place.</summary>
    public static ReadOnlySpan<double> Column(ReadOnlySpan<double> a, int rows, int j) => a.Slice(j * rows, rows);

    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++) s += u[i] * v[i];
        return s;
    }

    /// <summary>Σ (j + 1)·‖a_j‖ over the columns, plus the cosine between the first and the last column.</summary>
    [Differentiable]
    public static double WeightedColumnNorms(double[] a, int rows)
    {
        int cols = a.Length / rows;
        double total = 0;
        for (int j = 0; j < cols; j++)
        {
            ReadOnlySpan<double> c = Column(a, rows, j);
            total += (j + 1) * Math.Sqrt(Dot(c, c));
        }
        ReadOnlySpan<double> first = Column(a, rows, 0), last = Column(a, rows, cols - 1);
        total += Dot(first, last) / Math.Sqrt(Dot(first, first) * Dot(last, last));
        return total;
    }
}
