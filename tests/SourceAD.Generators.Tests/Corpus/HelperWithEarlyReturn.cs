// entry: Physics.Friction.Work
// args: new double[] { 0.5, -0.2, 1.3, 0.05, -0.9 }, 0.4, 0.1
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Friction
{
    /// <summary>Stribeck-like friction force for a sliding velocity.</summary>
    [Differentiable]
    private static double Force(double v, double mu, double viscous)
    {
        if (Math.Abs(v) < 1e-3) return 0;
        double sign = v > 0 ? 1 : -1;
        return sign * mu * (1 + Math.Exp(-Math.Abs(v) * 5)) + viscous * v;
    }

    /// <summary>Work done against friction over a sequence of velocities (unit time steps).</summary>
    [Differentiable]
    public static double Work(double[] velocities, double mu, double viscous)
    {
        double work = 0;
        for (int i = 0; i < velocities.Length; i++)
        {
            double f = Force(velocities[i], mu, viscous);
            work += f * velocities[i];
        }
        return work;
    }
}
