// entry: Physics.Particles.KineticEnergy
// args: new Physics.Particle[] { new(1.0, 0.5, -0.2), new(2.0, -1.0, 0.3), new(0.5, 0.25, 1.5) }
// expect: works
using System;
using SourceAD;

namespace Physics;

public readonly record struct Particle(double Mass, double Vx, double Vy);

public static partial class Particles
{
    /// <summary>Total kinetic energy of an array of particles.</summary>
    [Differentiable]
    public static double KineticEnergy(Particle[] particles)
    {
        double e = 0;
        foreach (var p in particles)
            e += 0.5 * p.Mass * (p.Vx * p.Vx + p.Vy * p.Vy);
        return e;
    }
}
