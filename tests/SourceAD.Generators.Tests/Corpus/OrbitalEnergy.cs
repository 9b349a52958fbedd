// entry: Astro.Orbits.SpecificEnergy
// args: new Astro.Vec2(1.2, 0.3), new Astro.Vec2(-0.1, 0.9), 1.0
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Astro;

public struct Vec2
{
    public double X;
    public double Y;

    public Vec2(double x, double y)
    {
        X = x;
        Y = y;
    }

    public double Dot(Vec2 other) => X * other.X + Y * other.Y;
}

public static partial class Orbits
{
    /// <summary>Specific orbital energy v²/2 − μ/r.</summary>
    [Differentiable]
    public static double SpecificEnergy(Vec2 position, Vec2 velocity, double mu)
    {
        double r = Math.Sqrt(position.Dot(position));
        double v2 = velocity.Dot(velocity);
        return v2 / 2 - mu / r;
    }

    public static double[] ExpectedGradient(Vec2 p, Vec2 v, double mu)
    {
        double r = Math.Sqrt(p.X * p.X + p.Y * p.Y);
        double c = mu / (r * r * r);
        return new[] { c * p.X, c * p.Y, v.X, v.Y, -1 / r };
    }
}
