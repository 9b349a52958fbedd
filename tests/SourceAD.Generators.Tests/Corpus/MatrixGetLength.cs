// entry: LinAlg.Frobenius.RowNormalizedEnergy
// args: new double[,] { { 1.0, 2.0, -0.5 }, { 0.3, -1.2, 2.2 } }
// expect: works
using System;
using SourceAD;

namespace LinAlg;

public static partial class Frobenius
{
    /// <summary>Normalizes each row of a matrix to unit length in a copy, then returns Σ_ij w_ij·m_ij² with position weights.</summary>
    [Differentiable]
    public static double RowNormalizedEnergy(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var n = (double[,])m.Clone();
        for (int r = 0; r < rows; r++)
        {
            double norm = 0;
            for (int c = 0; c < cols; c++) norm += n[r, c] * n[r, c];
            norm = Math.Sqrt(norm);
            for (int c = 0; c < cols; c++) n[r, c] /= norm;
        }
        double e = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                e += (r + 1) * (c + 2) * n[r, c] * m[r, c];
        return e;
    }
}
