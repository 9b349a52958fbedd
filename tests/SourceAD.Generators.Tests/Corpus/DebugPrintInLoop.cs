// entry: Optimization.Descent.Minimize
// args: 3.0, 0.1, 20
// expect: works
using System;
using System.Diagnostics;
using SourceAD;

namespace Optimization;

public static partial class Descent
{
    /// <summary>Gradient descent on (x − 1)⁴ + x², with a Debug.WriteLine trace as people leave in.</summary>
    [Differentiable]
    public static double Minimize(double start, double rate, int steps)
    {
        double x = start;
        for (int k = 0; k < steps; k++)
        {
            double g = 4 * Math.Pow(x - 1, 3) + 2 * x;
            x -= rate * g;
            Debug.WriteLine($"step {k}: x = {x}");
        }
        return (x - 1) * (x - 1) * (x - 1) * (x - 1) + x * x;
    }
}
