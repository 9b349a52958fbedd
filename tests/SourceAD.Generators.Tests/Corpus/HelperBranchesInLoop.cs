// entry: Physics.Materials.TotalStress
// args: new double[] { 0.001, 0.004, -0.002, 0.012, -0.008 }, 200.0, 0.005
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Materials
{
    /// <summary>Elastic–perfectly-plastic stress with smooth hardening beyond yield.</summary>
    [Differentiable]
    private static double Stress(double strain, double modulus, double yieldStrain)
    {
        double magnitude = Math.Abs(strain);
        if (magnitude <= yieldStrain) return modulus * strain;
        double hardening = modulus * yieldStrain + 0.05 * modulus * (magnitude - yieldStrain);
        return strain > 0 ? hardening : -hardening;
    }

    [Differentiable]
    public static double TotalStress(double[] strains, double modulus, double yieldStrain)
    {
        double total = 0;
        for (int i = 0; i < strains.Length; i++)
        {
            double s = Stress(strains[i], modulus, yieldStrain);
            if (s > 0) total += s;
            else total -= 0.5 * s;
        }
        return total;
    }
}
