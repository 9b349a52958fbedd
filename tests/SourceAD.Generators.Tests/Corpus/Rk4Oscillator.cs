// entry: Ode.Oscillator.FinalEnergy
// args: 1.0, 0.0, 2.0, 0.1, 0.05, 40
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Oscillator
{
    /// <summary>Damped harmonic oscillator x'' = −ω² x − c x', integrated with classical RK4.</summary>
    [Differentiable]
    public static double FinalEnergy(double x0, double v0, double omega, double damping, double dt, int steps)
    {
        Span<double> state = stackalloc double[2];
        Span<double> k1 = stackalloc double[2];
        Span<double> k2 = stackalloc double[2];
        Span<double> k3 = stackalloc double[2];
        Span<double> k4 = stackalloc double[2];
        state[0] = x0;
        state[1] = v0;

        void Derivative(double x, double v, Span<double> into)
        {
            into[0] = v;
            into[1] = -omega * omega * x - damping * v;
        }

        for (int n = 0; n < steps; n++)
        {
            Derivative(state[0], state[1], k1);
            Derivative(state[0] + 0.5 * dt * k1[0], state[1] + 0.5 * dt * k1[1], k2);
            Derivative(state[0] + 0.5 * dt * k2[0], state[1] + 0.5 * dt * k2[1], k3);
            Derivative(state[0] + dt * k3[0], state[1] + dt * k3[1], k4);
            for (int i = 0; i < 2; i++)
            {
                state[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        return 0.5 * (state[1] * state[1] + omega * omega * state[0] * state[0]);
    }
}
