// entry: Numerics.Triangle.WeightedSum
// args: new double[] { 0.3, -0.7, 1.1, 0.4, -0.2 }, 0.6
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Triangle
{
    /// <summary>
    /// Σₖ C(n−1, k)·pᵏ(1−p)ⁿ⁻¹⁻ᵏ·xₖ (a Bernstein/binomial average), with the binomial coefficients built as Pascal's
    /// triangle in a jagged array whose rows are allocated in a loop.
    /// </summary>
    [Differentiable]
    public static double WeightedSum(double[] x, double p)
    {
        int n = x.Length;
        var pascal = new double[n][];
        for (int i = 0; i < n; i++)
        {
            pascal[i] = new double[i + 1];
            pascal[i][0] = 1;
            pascal[i][i] = 1;
            for (int k = 1; k < i; k++) pascal[i][k] = pascal[i - 1][k - 1] + pascal[i - 1][k];
        }
        double sum = 0;
        double[] last = pascal[n - 1];
        for (int k = 0; k < n; k++) sum += last[k] * Math.Pow(p, k) * Math.Pow(1 - p, n - 1 - k) * x[k];
        return sum;
    }

    /// <summary>∂/∂xₖ = C(n−1,k)pᵏ(1−p)ⁿ⁻¹⁻ᵏ; ∂/∂p = (n−1)·Σₖ C(n−2,k)pᵏ(1−p)ⁿ⁻²⁻ᵏ(xₖ₊₁ − xₖ) (the Bernstein derivative).</summary>
    public static double[] ExpectedGradient(double[] x, double p)
    {
        int n = x.Length;
        var g = new double[n + 1];
        static double Choose(int a, int b) { double c = 1; for (int i = 1; i <= b; i++) c = c * (a - b + i) / i; return c; }
        for (int k = 0; k < n; k++) g[k] = Choose(n - 1, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - 1 - k);
        for (int k = 0; k < n - 1; k++) g[n] += (n - 1) * Choose(n - 2, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - 2 - k) * (x[k + 1] - x[k]);
        return g;
    }
}
