// entry: Config.Defaults.Blend
// args: 0.7, 1.3, new System.Collections.Generic.Dictionary<string, double> { ["a"] = 2.0 }
// expect: works
// GetValueOrDefault with a fallback that depends on an input: the derivative flows through the fallback when the key is missing.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Defaults
{
    [Differentiable]
    public static double Blend(double x, double y, [NoDerivative] Dictionary<string, double> p)
    {
        double a = p.GetValueOrDefault("a", x);
        double b = p.GetValueOrDefault("b", y * y);
        return a * Math.Sin(x) + b;
    }
}
