// entry: Physics.Diffusion.CenterTemperature
// args: new double[,] { { 0.0, 0.1, 0.2, 0.1, 0.0 }, { 0.1, 0.6, 0.9, 0.5, 0.1 }, { 0.2, 0.8, 1.5, 0.7, 0.2 }, { 0.1, 0.4, 0.6, 0.3, 0.0 } }, 0.15, 6
// expect: works
// Explicit 2-D diffusion with insulated (Neumann) borders read through clamped indices, double-buffered by swapping
// the two grids with a tuple assignment each step.
using System;
using SourceAD;

namespace Physics;

public static partial class Diffusion
{
    /// <summary>Temperature at the grid centre after the given number of explicit diffusion steps.</summary>
    [Differentiable]
    public static double CenterTemperature(double[,] initial, double alpha, int steps)
    {
        int rows = initial.GetLength(0), cols = initial.GetLength(1);
        var current = (double[,])initial.Clone();
        var next = new double[rows, cols];

        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < rows; i++)
            {
                int up = Math.Max(i - 1, 0), down = Math.Min(i + 1, rows - 1);
                for (int j = 0; j < cols; j++)
                {
                    int left = Math.Max(j - 1, 0), right = Math.Min(j + 1, cols - 1);
                    double lap = current[up, j] + current[down, j] + current[i, left] + current[i, right] - 4 * current[i, j];
                    next[i, j] = current[i, j] + alpha * lap;
                }
            }
            (current, next) = (next, current);
        }
        return current[rows / 2, cols / 2];
    }
}
