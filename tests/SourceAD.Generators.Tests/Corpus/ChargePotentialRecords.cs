// entry: Electro.Field.Potential
// args: 0.3, 0.7, new Electro.Charge[] { new(1.0, 0.0, 0.0), new(-2.0, 1.0, 1.0), new(0.5, -1.0, 2.0) }
// expect: works
// Coulomb potential at a point from a data array of positional record structs, read by foreach.
using System;
using SourceAD;

namespace Electro;

public readonly record struct Charge(double Q, double X, double Y);

public static partial class Field
{
    [Differentiable]
    public static double Potential(double px, double py, [NoDerivative] Charge[] charges)
    {
        double v = 0;
        foreach (var c in charges)
        {
            double r = Math.Sqrt((px - c.X) * (px - c.X) + (py - c.Y) * (py - c.Y));
            v += c.Q / r;
        }
        return v;
    }
}
