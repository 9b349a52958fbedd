// entry: Molecular.Pairs.Energy
// args: new double[] { 0.0, 1.1, 2.3, 3.05 }, new double[] { 0.0, 0.2, -0.1, 0.4 }
// expect: works
// Lennard-Jones energy over all ordered pairs, skipping i == j and pairs beyond the cutoff with continue.
using System;
using SourceAD;

namespace Molecular;

public static partial class Pairs
{
    private const double Cutoff = 2.5;

    [Differentiable]
    public static double Energy(double[] xs, double[] ys)
    {
        double e = 0;
        int n = xs.Length;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
                double r2 = dx * dx + dy * dy;
                if (r2 > Cutoff * Cutoff) continue;
                double inv6 = 1.0 / (r2 * r2 * r2);
                e += 0.5 * 4 * (inv6 * inv6 - inv6);
            }
        }
        return e;
    }
}
