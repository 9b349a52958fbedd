// entry: Optimization.Grid.FirstFeasible
// args: 0.35, 1.7
// expect: works
using System;
using SourceAD;

namespace Optimization;

public static partial class Grid
{
    /// <summary>Scans a 2-D grid and returns the objective at the first point satisfying the constraint.</summary>
    [Differentiable]
    public static double FirstFeasible(double a, double b)
    {
        for (int i = 0; i < 10; i++)
        {
            double x = 0.1 * i;
            for (int j = 0; j < 10; j++)
            {
                double y = 0.1 * j;
                if (a * x + b * y > 1)
                {
                    return (x - a) * (x - a) + (y - b) * (y - b);
                }
            }
        }
        return a * a + b * b;
    }
}
