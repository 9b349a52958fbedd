// entry: Physics.Pendulum.Energy
// args: 0.4, 0.1, 1.5
// expect: works
// A local function calling another local function, both capturing parameters, stepped by semi-implicit Euler.
using System;
using SourceAD;

namespace Physics;

public static partial class Pendulum
{
    [Differentiable]
    public static double Energy(double theta0, double omega0, double g)
    {
        const double dt = 0.01;
        double Accel(double th) => -g * Math.Sin(th);
        (double, double) Step(double th, double om)
        {
            double om2 = om + dt * Accel(th);
            return (th + dt * om2, om2);
        }
        double theta = theta0, omega = omega0;
        for (int i = 0; i < 100; i++) (theta, omega) = Step(theta, omega);
        return 0.5 * omega * omega + g * (1 - Math.Cos(theta));
    }
}
