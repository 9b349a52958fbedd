// entry: Grids.Stencil.Smooth
// args: new double[] { 0.2, 0.9, -0.4, 1.3, 0.6, -0.8 }
// expect: works
using System;
using SourceAD;

namespace Grids;

public static partial class Stencil
{
    private static int Wrap(int i, int n) => ((i % n) + n) % n;

    /// <summary>A periodic three-point smoothing, indexing through a wrap helper, accumulated in place.</summary>
    [Differentiable]
    public static double Smooth(double[] u)
    {
        int n = u.Length;
        var next = new double[n];
        for (int i = 0; i < n; i++)
        {
            next[Wrap(i - 1, n)] += 0.25 * u[i];
            next[i] += 0.5 * u[i];
            next[Wrap(i + 1, n)] += 0.25 * u[i];
        }
        double e = 0;
        for (int i = 0; i < n; i++) e += next[i] * next[i] * (1 + 0.1 * i);
        return e;
    }
}
