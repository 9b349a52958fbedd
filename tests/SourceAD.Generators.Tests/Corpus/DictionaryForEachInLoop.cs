// entry: Chem.Kinetics.Rates
// args: new double[] { 0.4, 1.1, 0.7 }, new System.Collections.Generic.Dictionary<string, double> { ["k1"] = 0.5, ["k22"] = 1.5, ["k3"] = -0.25 }
// expect: works
// Round 19, second batch: a foreach over a data Dictionary nested in a for loop, with continue and a deconstruction
// whose key is a string, the state updated from the previous step.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Chem;

public static partial class Kinetics
{
    [Differentiable]
    public static double Rates(double[] c, [NoDerivative] Dictionary<string, double> k)
    {
        double[] s = (double[])c.Clone();
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < s.Length; i++)
            {
                double rate = 0;
                foreach (var (name, value) in k)
                {
                    if (name.Length > 2) continue;
                    rate += value * s[i] * s[(i + 1) % s.Length];
                }
                s[i] += 0.1 * rate;
            }
        }
        double total = 0;
        foreach (double v in s) total += v * v;
        return total;
    }
}
