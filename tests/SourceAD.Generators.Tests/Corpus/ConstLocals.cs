// entry: Physics.Pendulum.Period
// args: 1.3, 0.4
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Pendulum
{
    /// <summary>Pendulum period with the first two large-amplitude corrections.</summary>
    [Differentiable]
    public static double Period(double length, double amplitude)
    {
        const double g = 9.80665;
        const int terms = 2;
        double t0 = 2 * Math.PI * Math.Sqrt(length / g);
        double correction = 1 + amplitude * amplitude / 16;
        if (terms > 1) correction += 11 * Math.Pow(amplitude, 4) / 3072;
        return t0 * correction;
    }
}
