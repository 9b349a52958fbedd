// entry: Physics.Gravity.Potential
// args: new double[][] { new[] { 0.0, 0.0, 0.0 }, new[] { 1.0, 0.2, -0.3 }, new[] { -0.4, 1.1, 0.5 } }, new double[] { 1.0, 0.5, 0.8 }
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Gravity
{
    private const double Softening = 1e-3;

    /// <summary>Total gravitational potential energy of a set of bodies (positions as a jagged array).</summary>
    [Differentiable]
    public static double Potential(double[][] positions, double[] masses)
    {
        double energy = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            for (int j = i + 1; j < positions.Length; j++)
            {
                double r2 = Softening;
                for (int k = 0; k < 3; k++)
                {
                    double d = positions[i][k] - positions[j][k];
                    r2 += d * d;
                }
                energy -= masses[i] * masses[j] / Math.Sqrt(r2);
            }
        }
        return energy;
    }
}
