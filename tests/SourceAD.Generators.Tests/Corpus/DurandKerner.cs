// entry: Roots.DurandKerner.RootSpread
// args: 1.0, -0.5, 2.0
// expect: works
// Complex.Pow(seed, k), written out as .NET computes it (round 11).
using System;
using System.Numerics;
using SourceAD;

namespace Roots;

public static partial class DurandKerner
{
    /// <summary>Roots of z³ + a z² + b z + c by Durand–Kerner; returns Σ |root|² (a smooth function of the coefficients).</summary>
    [Differentiable]
    public static double RootSpread(double a, double b, double c)
    {
        var roots = new Complex[3];
        var seed = new Complex(0.4, 0.9);
        for (int k = 0; k < 3; k++) roots[k] = Complex.Pow(seed, k);
        for (int iter = 0; iter < 60; iter++)
        {
            for (int i = 0; i < 3; i++)
            {
                Complex z = roots[i];
                Complex p = ((z + a) * z + b) * z + c;
                Complex denom = Complex.One;
                for (int j = 0; j < 3; j++)
                    if (j != i) denom *= z - roots[j];
                roots[i] = z - p / denom;
            }
        }
        double spread = 0;
        foreach (Complex r in roots) spread += r.Magnitude * r.Magnitude;
        return spread;
    }
}
