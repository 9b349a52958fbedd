// entry: Ode.Stepper.Solve
// args: 1.2, 0.7, 0.5
// expect: works
// Classic RK4 for y' = -k y + sin(t) with the right-hand side as a Func lambda local capturing k.
using System;
using SourceAD;

namespace Ode;

public static partial class Stepper
{
    [Differentiable]
    public static double Solve(double y0, double k, double tEnd)
    {
        Func<double, double, double> f = (t, y) => -k * y + Math.Sin(t);
        const int steps = 20;
        double h = tEnd / steps;
        double yv = y0, tv = 0;
        for (int i = 0; i < steps; i++)
        {
            double k1 = f(tv, yv);
            double k2 = f(tv + h / 2, yv + h / 2 * k1);
            double k3 = f(tv + h / 2, yv + h / 2 * k2);
            double k4 = f(tv + h, yv + h * k3);
            yv += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            tv += h;
        }
        return yv;
    }
}
