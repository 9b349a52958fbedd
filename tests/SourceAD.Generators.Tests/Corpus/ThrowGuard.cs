// entry: Physics.Gas.Pressure
// args: 2.0, 300.0, 0.05
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Gas
{
    private const double R = 8.314462618;

    /// <summary>Ideal gas pressure, validating its inputs.</summary>
    [Differentiable]
    public static double Pressure(double moles, double temperature, double volume)
    {
        if (volume <= 0) throw new ArgumentOutOfRangeException(nameof(volume), "Volume must be positive.");
        if (temperature < 0) throw new ArgumentException("Temperature is in kelvin.");
        return moles * R * temperature / volume;
    }

    public static double[] ExpectedGradient(double n, double t, double v) => new[] { R * t / v, n * R / v, -n * R * t / (v * v) };
}
