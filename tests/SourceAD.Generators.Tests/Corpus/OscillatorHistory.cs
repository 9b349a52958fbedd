// entry: Dynamics.Oscillator.Action
// args: 1.0, 0.0, 4.0, 0.05, 30
// expect: works
// Semi-implicit Euler steps recorded in a List<double> until it holds the requested number of positions, then a
// discrete action summed over consecutive pairs.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Dynamics;

public static partial class Oscillator
{
    /// <summary>Discrete kinetic action of a spring trajectory started at (x0, v0).</summary>
    [Differentiable]
    public static double Action(double x0, double v0, double k, double dt, int steps)
    {
        var positions = new List<double> { x0 };
        double x = x0, v = v0;
        while (positions.Count < steps)
        {
            v -= k * x * dt;
            x += v * dt;
            positions.Add(x);
        }

        double action = 0;
        for (int i = 1; i < positions.Count; i++)
        {
            double dx = positions[i] - positions[i - 1];
            action += 0.5 * dx * dx / dt - 0.5 * k * positions[i] * positions[i] * dt;
        }
        return action;
    }
}
