namespace SourceAD.GradBench.Shared;

/// <summary>C's libm functions that .NET lacks.</summary>
public static class LibM
{
    // Lanczos coefficients for g = 7, n = 9 (Numerical Recipes' and Boost's well-known set).
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>
    /// ln|Γ(x)|, C's <c>lgamma</c>, by the Lanczos approximation (relative error about 1e-15 for x &gt; 0) and the
    /// reflection formula below ½. GradBench's gmm uses it only on constants of the Wishart prior (no derivative).
    /// </summary>
    public static double lgamma(double x)
    {
        if (x < 0.5)
        {
            // Γ(x)Γ(1 − x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - lgamma(1 - x);
        }
        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) a += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
