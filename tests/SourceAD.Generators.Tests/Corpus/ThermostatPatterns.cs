// entry: Control.Thermostat.Power
// args: 18.5, 21.0, 0.3
// expect: works
// A heating controller written with tuple and property patterns over a small record struct.
using System;
using SourceAD;

namespace Control;

public readonly record struct Reading(double Temperature, double Setpoint, int Mode);

public static partial class Thermostat
{
    /// <summary>Heater power for the reading, with a proportional band and an eco mode.</summary>
    [Differentiable]
    public static double Power(double temperature, double setpoint, double gain)
    {
        var r = new Reading(temperature, setpoint, temperature < 10 ? 2 : 1);
        double error = r.Setpoint - r.Temperature;
        double power = (error, r.Mode) switch
        {
            (> 5, _) => 1.0,
            (< -1, _) => 0.0,
            (_, 2) => Math.Min(1.0, 0.5 + gain * error),
            _ => Math.Clamp(gain * error, 0.0, 1.0),
        };
        if (r is { Mode: 1, Temperature: < 19 }) power *= 1.1;
        return power * power + 0.01 * r.Temperature;
    }
}
