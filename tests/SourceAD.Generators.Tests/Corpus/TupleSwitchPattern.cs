// entry: Control.Fuzzy.Output
// args: 0.4, -0.7
// expect: works
// A switch on a tuple of conditions with positional patterns ((error > 0, rate > 0) switch { (true, true) => … }): lowered to conditions on the elements.
using System;
using SourceAD;

namespace Control;

public static partial class Fuzzy
{
    /// <summary>A rule table as a switch on a tuple of signs, with positional patterns.</summary>
    [Differentiable]
    public static double Output(double error, double rate)
    {
        return (error > 0, rate > 0) switch
        {
            (true, true) => error * rate + 1,
            (true, false) => error - rate * 0.5,
            (false, true) => Math.Tanh(error + rate),
            _ => -error * error,
        };
    }
}
