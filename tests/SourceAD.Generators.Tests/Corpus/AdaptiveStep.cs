// entry: Ode.Adaptive.Solve
// args: 1.0, 0.8, 2.0
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Adaptive
{
    /// <summary>y' = −a y + sin t from 0 to tEnd with step doubling (Euler vs two half steps) and a NaN guard.</summary>
    [Differentiable]
    public static double Solve(double y0, double a, double tEnd)
    {
        double t = 0, y = y0, h = 0.1;
        int iterations = 0;
        while (t < tEnd && iterations < 10000)
        {
            iterations++;
            if (t + h > tEnd) h = tEnd - t;
            double full = y + h * (-a * y + Math.Sin(t));
            double half = y + 0.5 * h * (-a * y + Math.Sin(t));
            double two = half + 0.5 * h * (-a * half + Math.Sin(t + 0.5 * h));
            double error = Math.Abs(two - full);
            if (double.IsNaN(error)) return double.NaN;
            if (error > 1e-4 && h > 1e-6)
            {
                h /= 2;
                continue;
            }
            y = 2 * two - full;
            t += h;
            if (error < 1e-6) h *= 1.5;
        }
        return y;
    }
}
