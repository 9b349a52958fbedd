// entry: Ode.Cooling.Temperature
// args: 90.0, 20.0, 0.07, 0.3, 10.1
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Cooling
{
    /// <summary>Newton's law of cooling stepped with a floating-point time variable.</summary>
    [Differentiable]
    public static double Temperature(double initial, double ambient, double k, double dt, double duration)
    {
        double temperature = initial;
        for (double t = 0; t < duration; t += dt)
        {
            temperature += -k * (temperature - ambient) * dt;
        }
        return temperature;
    }
}
