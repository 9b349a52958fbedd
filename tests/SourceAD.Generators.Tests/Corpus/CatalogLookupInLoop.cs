// entry: Materials.Truss.Energy
// args: new double[] { 0.001, -0.002, 0.0015 }, new string[] { "steel", "alu", "wood" }, new System.Collections.Generic.Dictionary<string, Materials.Section> { ["steel"] = new(200.0, 0.5), ["alu"] = new(70.0, 0.8) }
// expect: works
// Round 19, second batch: TryGetValue into a struct in a loop, a missing key falling back to a default section.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Materials;

public readonly record struct Section(double Modulus, double Area);

public static partial class Truss
{
    [Differentiable]
    public static double Energy(double[] strain, [NoDerivative] string[] kinds, [NoDerivative] Dictionary<string, Section> sections)
    {
        double e = 0;
        for (int i = 0; i < strain.Length; i++)
        {
            if (!sections.TryGetValue(kinds[i], out var s)) s = new Section(10.0, 1.0);
            e += 0.5 * s.Modulus * s.Area * strain[i] * strain[i];
        }
        return e;
    }
}
