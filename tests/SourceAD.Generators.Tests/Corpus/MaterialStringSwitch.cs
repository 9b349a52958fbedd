// entry: Structures.Beams.TotalDeflection
// args: new string[] { "steel", "aluminium", "oak", "steel" }, new double[] { 2.0, 1.5, 3.0, 2.5 }, 1000.0, 0.01
// expect: works
// Round 20. Beam tip deflections with the Young's modulus looked up by a switch statement on a material name (case
// labels and return), the load and second moment of area differentiated.
using System;
using SourceAD;

namespace Structures;

public static partial class Beams
{
    static double Modulus(string material)
    {
        switch (material)
        {
            case "steel": return 200e9;
            case "aluminium": return 69e9;
            case "oak": return 11e9;
            default: return 1e9;
        }
    }

    [Differentiable]
    public static double TotalDeflection([NoDerivative] string[] materials, double[] lengths, double load, double inertiaScale)
    {
        double total = 0.0;
        for (int i = 0; i < materials.Length; i++)
        {
            double inertia = inertiaScale * 1e-4;
            double l = lengths[i];
            total += load * l * l * l / (3 * Modulus(materials[i]) * inertia);
        }
        return total * 1000.0;
    }
}
