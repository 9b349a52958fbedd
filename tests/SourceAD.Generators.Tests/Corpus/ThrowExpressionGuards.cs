// entry: Physics.Drag.TerminalTime
// args: 2.5, 0.47, 1.2
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Drag
{
    /// <summary>Time to reach 90 % of terminal velocity, with throw expressions guarding the inputs as library code does.</summary>
    [Differentiable]
    public static double TerminalTime(double mass, double dragCoefficient, double area)
    {
        double m = mass > 0 ? mass : throw new ArgumentOutOfRangeException(nameof(mass), mass, "mass must be positive");
        double k = dragCoefficient * area is var ka && ka > 0 ? 0.5 * 1.225 * ka : throw new ArgumentException("drag must be positive");
        double terminal = Math.Sqrt(m * 9.81 / k);
        return terminal / 9.81 * Math.Atanh(0.9);
    }
}
