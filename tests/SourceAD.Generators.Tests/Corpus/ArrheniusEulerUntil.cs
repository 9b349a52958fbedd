// entry: Chemistry.Kinetics.RemainingAfter
// args: 2.0e6, 45000.0, 310.0, 1.5
// expect: works
// First-order decay with an Arrhenius rate, integrated by explicit Euler until a fixed end time.
using System;
using SourceAD;

namespace Chemistry;

public static partial class Kinetics
{
    private const double GasConstant = 8.314;

    [Differentiable]
    public static double RemainingAfter(double preExponential, double activationEnergy, double temperature, double c0)
    {
        double k = preExponential * Math.Exp(-activationEnergy / (GasConstant * temperature));
        double t = 0, dt = 0.01, c = c0;
        while (t < 2.0)
        {
            c += dt * (-k * c);
            t += dt;
        }
        return c;
    }
}
