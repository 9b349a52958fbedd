// entry: Geometry.Frames.GramTrace
// args: new double[] { 1.0, 2.0, 3.0 }, new double[] { 4.0, 5.0, 6.0 }
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Frames
{
    /// <summary>Writes v into column col of a row-major 3×n matrix, leaving the other columns as they are.</summary>
    [Differentiable]
    public static void SetColumn(double[] m, int n, int col, double[] v)
    {
        for (int row = 0; row < 3; row++) m[row * n + col] = v[row];
    }

    /// <summary>The trace of AᵀA for A = [u v], assembled column by column: |u|² + |v|².</summary>
    [Differentiable]
    public static double GramTrace(double[] u, double[] v)
    {
        var a = new double[6];
        SetColumn(a, 2, 0, u);
        SetColumn(a, 2, 1, v);
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * a[k];
        return s;
    }

    public static double[] ExpectedGradient(double[] u, double[] v)
    {
        var g = new double[6];
        for (int i = 0; i < 3; i++) { g[i] = 2 * u[i]; g[3 + i] = 2 * v[i]; }
        return g;
    }
}
