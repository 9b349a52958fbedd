// entry: Physics.Field.Potential
// args: new double[] { 0.1, 0.7, -0.4 }, new double[] { 1.0, -0.5, 0.3 }, 0.25
// expect: works
// A local function calling another local function, both capturing a parameter, used in a double loop.
using System;
using SourceAD;

namespace Physics;

public static partial class Field
{
    /// <summary>Softened pairwise potential between charges on a line.</summary>
    [Differentiable]
    public static double Potential(double[] positions, double[] charges, double softening)
    {
        double Distance(int i, int j) => Math.Sqrt((positions[i] - positions[j]) * (positions[i] - positions[j]) + softening * softening);
        double Pair(int i, int j) => charges[i] * charges[j] / Distance(i, j);

        double energy = 0;
        for (int i = 0; i < positions.Length; i++)
            for (int j = i + 1; j < positions.Length; j++)
                energy += Pair(i, j);
        return energy;
    }
}
