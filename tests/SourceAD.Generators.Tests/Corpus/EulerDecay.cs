// entry: Ode.Decay.EulerFinal
// args: 2.0, 0.7, 0.01, 150
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Ode;

public static partial class Decay
{
    /// <summary>x' = −k x by explicit Euler; returns x after n steps.</summary>
    [Differentiable]
    public static double EulerFinal(double x0, double k, double dt, int steps)
    {
        double x = x0;
        for (int i = 0; i < steps; i++)
        {
            x = x - dt * k * x;
        }
        return x;
    }

    public static double[] ExpectedGradient(double x0, double k, double dt, int n)
    {
        double f = 1 - k * dt;
        double fn1 = System.Math.Pow(f, n - 1);
        return new[] { fn1 * f, x0 * n * fn1 * -dt, x0 * n * fn1 * -k };
    }
}
