// entry: Config.Model.Quadratic
// args: 0.8, new System.Collections.Generic.Dictionary<string, double> { ["a"] = 2.0, ["b"] = -1.0 }
// expect: works
using System.Collections.Generic;
using SourceAD;

namespace Config;

public static partial class Model
{
    [Differentiable]
    public static double Quadratic(double x, [NoDerivative] Dictionary<string, double> p)
    {
        return p["a"] * x * x + p["b"] * x + p.GetValueOrDefault("c", 0.0);
    }
}
