// entry: Config.Terms.Sum
// args: 0.8, new System.Collections.Generic.Dictionary<string, double> { ["sin"] = 2.0, ["exp"] = -0.5 }
// expect: works
// TryGetValue on a data dictionary of coefficients, with out var, as configuration-driven code reads it.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Terms
{
    [Differentiable]
    public static double Sum(double x, [NoDerivative] Dictionary<string, double> coeffs)
    {
        double s = 0;
        if (coeffs.TryGetValue("sin", out var c)) s += c * Math.Sin(x);
        if (coeffs.TryGetValue("cos", out c)) s += c * Math.Cos(x);
        if (coeffs.TryGetValue("exp", out var e)) s += e * Math.Exp(x);
        return s;
    }
}
