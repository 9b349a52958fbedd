// entry: Pharma.TwoCompartment.PeakConcentration
// args: 0.3, 0.1, 0.05, 50.0, 10.0, 0.1, 400
// expect: works
// Round 20. A two-compartment IV bolus model by the explicit midpoint method: the right-hand side a local function
// returning a tuple, the peripheral peak tracked by a comparison.
using System;
using SourceAD;

namespace Pharma;

public static partial class TwoCompartment
{
    [Differentiable]
    public static double PeakConcentration(double k12, double k21, double k10, double dose, double volume, double dt, [NoDerivative] int steps)
    {
        double c = dose / volume, p = 0.0, peak = 0.0;
        for (int n = 0; n < steps; n++)
        {
            var (dc1, dp1) = Rhs(c, p);
            var (dc2, dp2) = Rhs(c + 0.5 * dt * dc1, p + 0.5 * dt * dp1);
            c += dt * dc2;
            p += dt * dp2;
            if (p > peak) peak = p;
        }
        return peak;

        (double, double) Rhs(double central, double peripheral) =>
            (-(k10 + k12) * central + k21 * peripheral, k12 * central - k21 * peripheral);
    }
}
