// entry: Solvers.Tridiagonal.SolutionNorm
// args: new double[] { 4.0, 4.5, 5.0, 4.2, 3.9 }, new double[] { 1.0, 2.0, -1.0, 0.5, 3.0 }, 1.1
// expect: works
using System;
using SourceAD;

namespace Solvers;

public static partial class Tridiagonal
{
    /// <summary>Solves a diagonally dominant tridiagonal system (off-diagonals -c) with the Thomas algorithm, returns |x|².</summary>
    [Differentiable]
    public static double SolutionNorm(double[] diag, double[] rhs, double c)
    {
        int n = diag.Length;
        Span<double> cp = stackalloc double[n];
        Span<double> dp = stackalloc double[n];
        cp[0] = -c / diag[0];
        dp[0] = rhs[0] / diag[0];
        for (int i = 1; i < n; i++)
        {
            double m = diag[i] + c * cp[i - 1];
            cp[i] = -c / m;
            dp[i] = (rhs[i] + c * dp[i - 1]) / m;
        }
        Span<double> x = stackalloc double[n];
        x[n - 1] = dp[n - 1];
        for (int i = n - 2; i >= 0; i--)
            x[i] = dp[i] - cp[i] * x[i + 1];
        double norm = 0;
        foreach (double v in x) norm += v * v;
        return norm;
    }
}
