// entry: Optics.Diffraction.FresnelC
// args: 1.3, 0.2
// expect: works
// A Fresnel-type integral by the composite trapezoid rule, the integrand a static local function.
using System;
using SourceAD;

namespace Optics;

public static partial class Diffraction
{
    [Differentiable]
    public static double FresnelC(double upper, double phase)
    {
        static double Integrand(double t, double ph) => Math.Cos(Math.PI / 2 * t * t + ph);

        const int n = 64;
        double h = upper / n;
        double sum = 0.5 * (Integrand(0, phase) + Integrand(upper, phase));
        for (int i = 1; i < n; i++) sum += Integrand(i * h, phase);
        return sum * h;
    }
}
