// entry: Mechanics.Pendulum.EnergyAfter
// args: new Mechanics.PendulumState(0.6, -0.2), 9.81, 1.3, 0.05
// expect: works
using System;
using SourceAD;

namespace Mechanics;

public record struct PendulumState(double Theta, double Omega);

public static partial class Pendulum
{
    private static PendulumState Derivative(PendulumState s, double g, double length) =>
        new(s.Omega, -g / length * Math.Sin(s.Theta));

    private static PendulumState Step(PendulumState s, double g, double length, double dt)
    {
        // Midpoint (RK2) step.
        PendulumState k1 = Derivative(s, g, length);
        PendulumState mid = s with { Theta = s.Theta + 0.5 * dt * k1.Theta, Omega = s.Omega + 0.5 * dt * k1.Omega };
        PendulumState k2 = Derivative(mid, g, length);
        return new PendulumState(s.Theta + dt * k2.Theta, s.Omega + dt * k2.Omega);
    }

    /// <summary>Energy per unit mass of a simple pendulum after integrating 20 midpoint steps.</summary>
    [Differentiable]
    public static double EnergyAfter(PendulumState start, double g, double length, double dt)
    {
        PendulumState state = start;
        for (int i = 0; i < 20; i++)
        {
            state = Step(state, g, length, dt);
        }
        var (theta, omega) = state;
        return 0.5 * length * length * omega * omega + g * length * (1 - Math.Cos(theta));
    }
}
