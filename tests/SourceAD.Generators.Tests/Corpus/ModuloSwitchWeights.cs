// entry: Numerics.Quadrature.Boole
// args: 1.1, 0.0, 2.0, 8
// expect: works
// Round 20, second batch. Boole's rule with the weight of node i by a switch expression on i % 4 inside the sum.
using System;
using SourceAD;

namespace Numerics;

public static partial class Quadrature
{
    [Differentiable]
    public static double Boole(double k, double a, double b, [NoDerivative] int panels)
    {
        int n = panels * 4;
        double h = (b - a) / n;
        double sum = 0.0;
        for (int i = 0; i <= n; i++)
        {
            double w = i == 0 || i == n ? 7 : (i % 4) switch { 0 => 14, 2 => 12, _ => 32 };
            sum += w * Math.Sin(k * (a + i * h));
        }
        return 2 * h / 45 * sum;
    }
}
