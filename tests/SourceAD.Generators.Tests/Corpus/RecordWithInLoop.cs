// entry: Dynamics.Euler.FinalEnergy
// args: 1.0, 0.0, 0.05
// expect: works
// A record struct state advanced with with-expressions in a loop, as immutable-style C# writes a simulation.
using System;
using SourceAD;

namespace Dynamics;

public readonly record struct State(double X, double V);

public static partial class Euler
{
    /// <summary>Semi-implicit Euler for a damped oscillator; energy after 40 steps.</summary>
    [Differentiable]
    public static double FinalEnergy(double x0, double v0, double damping)
    {
        var s = new State(x0, v0);
        const double dt = 0.05;
        for (int k = 0; k < 40; k++)
        {
            s = s with { V = s.V - dt * (s.X + damping * s.V) };
            s = s with { X = s.X + dt * s.V };
        }
        return 0.5 * (s.X * s.X + s.V * s.V);
    }
}
