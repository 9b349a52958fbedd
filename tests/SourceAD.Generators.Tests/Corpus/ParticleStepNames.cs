// entry: Physics.Integrator.Advance
// args: 0.5, 1.2, 0.3, 0.01
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Integrator
{
    /// <summary>Semi-implicit Euler for a particle in a cubic well; returns the energy after 50 steps.</summary>
    [Differentiable]
    public static double Advance(double x, double v, double k, double dt)
    {
        for (int i = 0; i < 50; i++)
        {
            double dv = -k * x * x * x * dt;
            v += dv;
            double dx = v * dt;
            x += dx;
        }
        return 0.5 * v * v + 0.25 * k * x * x * x * x;
    }
}
