// entry: Options.Modes.Apply
// args: 0.6, "Smooth"
// expect: works
// A mode chosen by string.Equals with StringComparison.OrdinalIgnoreCase and string.IsNullOrEmpty.
using System;
using SourceAD;

namespace Options;

public static partial class Modes
{
    [Differentiable]
    public static double Apply(double x, string mode)
    {
        if (string.IsNullOrEmpty(mode)) return x;
        if (mode.Equals("smooth", StringComparison.OrdinalIgnoreCase)) return Math.Log(1 + Math.Exp(x));
        if (string.Equals(mode, "hard", StringComparison.Ordinal)) return Math.Max(x, 0);
        return x * x;
    }
}
