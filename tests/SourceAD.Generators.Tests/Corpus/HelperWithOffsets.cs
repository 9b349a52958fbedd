// entry: LinearAlgebra.Packed.QuadraticForm
// args: new double[] { 2.0, 0.3, -0.1, 0.3, 1.5, 0.2, -0.1, 0.2, 1.0 }, new double[] { 0.5, -1.0, 0.25 }
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace LinearAlgebra;

public static partial class Packed
{
    /// <summary>Dot product of row <paramref name="row"/> of a row-major matrix with x.</summary>
    [Differentiable]
    private static double RowDot(double[] m, double[] x, int row)
    {
        double s = 0;
        int n = x.Length;
        for (int j = 0; j < n; j++) s += m[row * n + j] * x[j];
        return s;
    }

    /// <summary>xᵀ M x with M row-major.</summary>
    [Differentiable]
    public static double QuadraticForm(double[] m, double[] x)
    {
        double q = 0;
        for (int i = 0; i < x.Length; i++) q += x[i] * RowDot(m, x, i);
        return q;
    }

    public static double[] ExpectedGradient(double[] m, double[] x)
    {
        int n = x.Length;
        var g = new double[n * n + n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                g[i * n + j] = x[i] * x[j];
                g[n * n + i] += (m[i * n + j] + m[j * n + i]) * x[j];
            }
        return g;
    }
}
