// entry: Signals.Phase.SawtoothSine
// args: 1.37, 2.2
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Phase
{
    /// <summary>sin of 2π times the fractional part of the number of cycles elapsed.</summary>
    [Differentiable]
    public static double SawtoothSine(double time, double frequency)
    {
        double cycles = time * frequency;
        double phase = cycles - (int)cycles;
        return Math.Sin(2 * Math.PI * phase);
    }

    public static double[] ExpectedGradient(double t, double f)
    {
        double c = t * f;
        double d = 2 * Math.PI * Math.Cos(2 * Math.PI * (c - Math.Floor(c)));
        return new[] { d * f, d * t };
    }
}
