// entry: Astro.Kepler.EccentricAnomaly
// args: 1.2, 0.3
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Astro;

public static partial class Kepler
{
    /// <summary>Solves Kepler's equation E − e sin E = M by Newton iteration.</summary>
    [Differentiable]
    public static double EccentricAnomaly(double meanAnomaly, double eccentricity)
    {
        double e = eccentricity < 0.8 ? meanAnomaly : Math.PI;
        for (int i = 0; i < 30; i++)
        {
            double f = e - eccentricity * Math.Sin(e) - meanAnomaly;
            double fPrime = 1 - eccentricity * Math.Cos(e);
            double step = f / fPrime;
            e -= step;
            if (Math.Abs(step) < 1e-14) break;
        }
        return e;
    }

    public static double[] ExpectedGradient(double m, double ecc)
    {
        double e = m;
        for (int i = 0; i < 100; i++) e -= (e - ecc * Math.Sin(e) - m) / (1 - ecc * Math.Cos(e));
        double d = 1 - ecc * Math.Cos(e);
        return new[] { 1 / d, Math.Sin(e) / d };
    }
}
