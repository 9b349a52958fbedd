// entry: Ode.Lorenz.Integrate
// args: new double[] { 1.0, 1.0, 1.0 }, 10.0, 28.0, 2.6666666666666665, new double[3]
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Lorenz
{
    private const double Dt = 0.005;
    private const int Steps = 100;

    /// <summary>Integrates the Lorenz system with forward Euler and writes the final state.</summary>
    [Differentiable]
    public static void Integrate(ReadOnlySpan<double> start, double sigma, double rho, double beta, Span<double> final)
    {
        double x = start[0], y = start[1], z = start[2];
        for (int i = 0; i < Steps; i++)
        {
            double dx = sigma * (y - x);
            double dy = x * (rho - z) - y;
            double dz = x * y - beta * z;
            x += Dt * dx;
            y += Dt * dy;
            z += Dt * dz;
        }
        final[0] = x;
        final[1] = y;
        final[2] = z;
    }
}
