// entry: Kinematics.Body.Simulate
// args: 0.4, -1.2, 0.05
// expect: works
using System;
using SourceAD;

namespace Kinematics;

public struct Particle
{
    public double X, V;

    public Particle(double x, double v) { X = x; V = v; }

    /// <summary>Advances the particle in place under a spring force.</summary>
    public void Step(double dt, double k)
    {
        V -= k * X * dt;
        X += V * dt;
    }
}

public static partial class Body
{
    /// <summary>Energy after ten symplectic Euler steps, with a mutating struct method as game code writes it.</summary>
    [Differentiable]
    public static double Simulate(double x0, double v0, double dt)
    {
        var p = new Particle(x0, v0);
        for (int i = 0; i < 10; i++) p.Step(dt, 4.0);
        return 0.5 * p.V * p.V + 2.0 * p.X * p.X;
    }
}
