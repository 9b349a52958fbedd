// entry: Physics.Oscillator.FinalEnergy
// args: 1.0, 0.0, 4.0, 0.1, 0.01, 300
// expect: works
// Round 20. A damped spring-mass integrated by semi-implicit Euler with its state in a struct: a static factory, an
// instance method returning the advanced state (calling another instance method for the force) and an energy method.
using System;
using SourceAD;

namespace Physics;

public readonly struct SpringState
{
    public readonly double Position;
    public readonly double Velocity;

    public SpringState(double position, double velocity)
    {
        Position = position;
        Velocity = velocity;
    }

    public static SpringState AtRest(double offset) => new SpringState(offset, 0.0);

    public double Force(double stiffness, double damping) => -stiffness * Position - damping * Velocity;

    public SpringState Step(double stiffness, double damping, double dt)
    {
        double v = Velocity + dt * Force(stiffness, damping);
        return new SpringState(Position + dt * v, v);
    }

    public double Energy(double stiffness) => 0.5 * Velocity * Velocity + 0.5 * stiffness * Position * Position;
}

public static partial class Oscillator
{
    [Differentiable]
    public static double FinalEnergy(double offset, double kick, double stiffness, double damping, double dt, [NoDerivative] int steps)
    {
        var s = SpringState.AtRest(offset);
        s = new SpringState(s.Position, s.Velocity + kick);
        for (int i = 0; i < steps; i++) s = s.Step(stiffness, damping, dt);
        return s.Energy(stiffness);
    }
}
