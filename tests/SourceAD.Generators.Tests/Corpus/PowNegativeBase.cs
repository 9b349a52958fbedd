// entry: Physics.Potentials.Anharmonic
// args: 0.7, 1.0, 2.0, 0.5
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Potentials
{
    /// <summary>Anharmonic bond potential k2 (r−r0)² + k3 (r−r0)³, written with Math.Pow.</summary>
    [Differentiable]
    public static double Anharmonic(double r, double r0, double k2, double k3)
    {
        double dr = r - r0;
        return k2 * Math.Pow(dr, 2) + k3 * Math.Pow(dr, 3);
    }

    public static double[] ExpectedGradient(double r, double r0, double k2, double k3)
    {
        double dr = r - r0;
        double d = 2 * k2 * dr + 3 * k3 * dr * dr;
        return new[] { d, -d, dr * dr, dr * dr * dr };
    }
}
