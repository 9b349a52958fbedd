// entry: Finance.Portfolio.Variance
// args: new double[] { 0.5, 0.3, 0.2 }, new double[,] { { 0.04, 0.006, 0.002 }, { 0.006, 0.09, 0.01 }, { 0.002, 0.01, 0.0225 } }
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Finance;

public static partial class Portfolio
{
    /// <summary>Portfolio variance wᵀ Σ w.</summary>
    [Differentiable]
    public static double Variance(double[] weights, [NoDerivative] double[,] covariance)
    {
        int n = weights.Length;
        double v = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                v += weights[i] * covariance[i, j] * weights[j];
        return v;
    }

    public static double[] ExpectedGradient(double[] w, double[,] cov)
    {
        var g = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
            for (int j = 0; j < w.Length; j++)
                g[i] += (cov[i, j] + cov[j, i]) * w[j];
        return g;
    }
}
