// entry: Physics.Springs.Energy
// args: new Physics.Vec3(1.0, 2.0, 0.5), new Physics.Vec3(-0.5, 0.25, 1.5), 3.0, 1.2
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Physics;

public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
}

public static partial class Springs
{
    /// <summary>Potential energy of a Hookean spring between two particles.</summary>
    [Differentiable]
    public static double Energy(Vec3 a, Vec3 b, double stiffness, double restLength)
    {
        double stretch = (a - b).Length - restLength;
        return 0.5 * stiffness * stretch * stretch;
    }

    public static double[] ExpectedGradient(Vec3 a, Vec3 b, double k, double l0)
    {
        Vec3 d = a - b;
        double len = d.Length, s = len - l0;
        double f = k * s / len;
        return new[] { f * d.X, f * d.Y, f * d.Z, -f * d.X, -f * d.Y, -f * d.Z, 0.5 * s * s, -k * s };
    }
}
