// entry: Mechanics.Pendulum.Period
// args: 0.8, 1.5
// expect: works
using System;
using SourceAD;

namespace Mechanics;

public static partial class Pendulum
{
    private static double Gravity => 9.80665;
    private static readonly double TwoPi = 2 * Math.PI;

    /// <summary>Large-amplitude pendulum period (series in θ₀), using a static property and a static readonly field.</summary>
    [Differentiable]
    public static double Period(double amplitude, double length)
    {
        double t0 = TwoPi * Math.Sqrt(length / Gravity);
        double s = Math.Sin(amplitude / 2);
        return t0 * (1 + s * s / 4 + 9 * Math.Pow(s, 4) / 64);
    }
}
