// entry: Physics.SpringMass.FinalEnergy
// args: 0.8, 0.0, 4.0, 0.15, 0.01, 200
// expect: works
// A damped spring-mass system stepped with semi-implicit Euler on a record struct, each step a `with` copy.
using System;
using SourceAD;

namespace Physics;

public readonly record struct MassState(double Position, double Velocity, double Time);

public static partial class SpringMass
{
    private static MassState Step(MassState s, double k, double c, double dt)
    {
        double accel = -k * s.Position - c * s.Velocity;
        double v = s.Velocity + dt * accel;
        return s with { Velocity = v, Position = s.Position + dt * v, Time = s.Time + dt };
    }

    /// <summary>Mechanical energy after a number of steps.</summary>
    [Differentiable]
    public static double FinalEnergy(double x0, double v0, double stiffness, double damping, double dt, int steps)
    {
        var state = new MassState(x0, v0, 0.0);
        for (int i = 0; i < steps; i++)
        {
            state = Step(state, stiffness, damping, dt);
        }
        return 0.5 * state.Velocity * state.Velocity + 0.5 * stiffness * state.Position * state.Position;
    }
}
