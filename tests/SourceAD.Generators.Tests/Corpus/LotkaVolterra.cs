// entry: Ode.Populations.PreyAfter
// args: new double[] { 10.0, 5.0 }, 1.1, 0.4, 0.4, 0.1, 0.01, 300
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Populations
{
    /// <summary>Lotka–Volterra by the midpoint method; the prey population at the end.</summary>
    [Differentiable]
    public static double PreyAfter(double[] s, double alpha, double beta, double delta, double gamma, double h, int steps)
    {
        double[] ds = new double[2];
        double[] mid = new double[2];
        double prey = s[0], predator = s[1];
        for (int n = 0; n < steps; n++)
        {
            ds[0] = alpha * prey - beta * prey * predator;
            ds[1] = delta * prey * predator - gamma * predator;
            mid[0] = prey + 0.5 * h * ds[0];
            mid[1] = predator + 0.5 * h * ds[1];
            prey += h * (alpha * mid[0] - beta * mid[0] * mid[1]);
            predator += h * (delta * mid[0] * mid[1] - gamma * mid[1]);
        }
        return prey;
    }
}
