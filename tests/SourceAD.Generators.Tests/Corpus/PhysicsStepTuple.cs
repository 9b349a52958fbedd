// entry: Physics.SpringMass.FinalEnergy
// args: 4.0, 0.3, 1.2, -0.5, 0.05, 40
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class SpringMass
{
    /// <summary>One semi-implicit Euler step of a damped spring: returns the new position and velocity.</summary>
    private static (double pos, double vel) Step(double pos, double vel, double k, double c, double dt)
    {
        double force = -k * pos - c * vel;
        double newVel = vel + dt * force;
        return (pos + dt * newVel, newVel);
    }

    /// <summary>Mechanical energy after n steps.</summary>
    [Differentiable]
    public static double FinalEnergy(double k, double c, double x0, double v0, double dt, int steps)
    {
        double x = x0, v = v0;
        for (int i = 0; i < steps; i++)
        {
            (x, v) = Step(x, v, k, c, dt);
        }
        return 0.5 * k * x * x + 0.5 * v * v;
    }
}
