// entry: Ode.Verlet.Position
// args: 1.0, 0.3, 1.7, 0.02, 200
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Verlet
{
    /// <summary>Pendulum θ'' = −(g/L) sin θ by velocity Verlet; returns the final angle.</summary>
    [Differentiable]
    public static double Position(double theta0, double omega0, double gOverL, double dt, int steps)
    {
        double theta = theta0, omega = omega0;
        double acc = -gOverL * Math.Sin(theta);
        for (int i = 0; i < steps; i++)
        {
            theta += omega * dt + 0.5 * acc * dt * dt;
            double newAcc = -gOverL * Math.Sin(theta);
            omega += 0.5 * (acc + newAcc) * dt;
            (acc, newAcc) = (newAcc, acc);
        }
        return theta;
    }
}
