// entry: Physics.Swarm.KineticEnergy
// args: new double[] { 0.1, 0.4, -0.3 }, new double[] { 1.0, 0.5, 2.0 }, 0.05, 20
// expect: works
// Round 20, second batch. Particles in a local array of structs whose fields are structs: ps[i].Velocity.X += …
// writes a field of a field of an element.
using System;
using SourceAD;

namespace Physics;

public struct Vec { public double X; public double Y; }
public struct Body { public Vec Position; public Vec Velocity; public double Mass; }

public static partial class Swarm
{
    [Differentiable]
    public static double KineticEnergy(double[] vx0, [NoDerivative] double[] masses, double dt, [NoDerivative] int steps)
    {
        var ps = new Body[vx0.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            ps[i].Mass = masses[i];
            ps[i].Velocity.X = vx0[i];
            ps[i].Velocity.Y = 1.0;
        }
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < ps.Length; i++)
            {
                ps[i].Velocity.Y -= 9.81 * dt;
                ps[i].Velocity.X *= 1 - 0.1 * dt;
                ps[i].Position.X += ps[i].Velocity.X * dt;
                ps[i].Position.Y += ps[i].Velocity.Y * dt;
            }
        }
        double ke = 0.0;
        foreach (var p in ps) ke += 0.5 * p.Mass * (p.Velocity.X * p.Velocity.X + p.Velocity.Y * p.Velocity.Y) + p.Position.X;
        return ke;
    }
}
