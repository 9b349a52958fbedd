// entry: Stats.SpecialFunctions.LogGamma
// args: 3.7
// expect: works
using System;
using SourceAD;

namespace Stats;

public static partial class SpecialFunctions
{
    private static readonly double[] Lanczos =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };

    /// <summary>ln Γ(x) for x > 0.5 by the Lanczos approximation (g = 7).</summary>
    [Differentiable]
    public static double LogGamma(double x)
    {
        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
        {
            a += Lanczos[i] / (x + i);
        }
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
