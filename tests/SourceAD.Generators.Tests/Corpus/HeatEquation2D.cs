// entry: Physics.Heat.FinalEnergy
// args: new double[,] { { 0.0, 0.2, 0.1, 0.0 }, { 0.3, 1.0, 0.8, 0.1 }, { 0.1, 0.9, 1.2, 0.2 }, { 0.0, 0.1, 0.2, 0.0 } }, 0.2, 5
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Heat
{
    /// <summary>Explicit finite-difference steps of the 2-D heat equation with fixed (zero) borders; returns Σ u².</summary>
    [Differentiable]
    public static double FinalEnergy(double[,] initial, double alpha, int steps)
    {
        int rows = initial.GetLength(0), cols = initial.GetLength(1);
        var u = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                u[i, j] = initial[i, j];

        for (int step = 0; step < steps; step++)
        {
            var next = new double[rows, cols];
            for (int i = 1; i < rows - 1; i++)
            {
                for (int j = 1; j < cols - 1; j++)
                {
                    double laplacian = u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4 * u[i, j];
                    next[i, j] = u[i, j] + alpha * laplacian;
                }
            }
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    u[i, j] = next[i, j];
        }

        double energy = 0;
        foreach (double v in u) energy += v * v;
        return energy;
    }
}
