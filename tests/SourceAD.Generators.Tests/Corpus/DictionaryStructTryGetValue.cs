// entry: Materials.Catalog.Stress
// args: 0.002, 1.5, "steel", new System.Collections.Generic.Dictionary<string, Materials.Material> { ["steel"] = new(200e3, 250.0), ["alu"] = new(70e3, 95.0) }
// expect: works
// A catalog of material structs looked up by TryGetValue, the stress capped at the yield strength.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Materials;

public readonly record struct Material(double Young, double Yield);

public static partial class Catalog
{
    [Differentiable]
    public static double Stress(double strain, double factor, string name, [NoDerivative] Dictionary<string, Material> materials)
    {
        if (!materials.TryGetValue(name, out Material m)) return 0;
        double s = factor * m.Young * strain;
        return Math.Min(s, m.Yield) + 0.01 * s;
    }
}
