// entry: Control.Gate.Response
// args: 0.8, 0.3
// expect: works
// Property patterns on a record struct (s is { Level: > 0.5 }, s switch { { Noise: > 1 } => … }): lowered to conditions on its members.
using System;
using SourceAD;

namespace Control;

public readonly record struct Signal(double Level, double Noise);

public static partial class Gate
{
    /// <summary>Property patterns on a record struct choose the response curve.</summary>
    [Differentiable]
    public static double Response(double level, double noise)
    {
        var s = new Signal(level, noise);
        if (s is { Level: > 0.5, Noise: < 0.4 }) return s.Level * s.Level - s.Noise;
        return s switch
        {
            { Noise: > 1 } => 0,
            { Level: < 0 } => -s.Level,
            _ => s.Level * (1 - s.Noise),
        };
    }
}
