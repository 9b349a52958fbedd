// entry: Chemistry.Arrhenius.Yield
// args: 350.0, 0.8, 5.0e4, 2.0
// expect: works
// Round 20. Nested local functions that call each other and read captured parameters: a rate from a temperature, a
// conversion from the rate, a yield from two conversions.
using System;
using SourceAD;

namespace Chemistry;

public static partial class Arrhenius
{
    [Differentiable]
    public static double Yield(double temperature, double prefactorLog, double activation, double minutes)
    {
        const double R = 8.314;
        return Conversion(temperature) * (1 - 0.3 * Conversion(temperature + 10));

        double Rate(double t) => Math.Exp(prefactorLog + 10 - activation / (R * t));
        double Conversion(double t) => 1 - Math.Exp(-Rate(t) * minutes / 60.0);
    }
}
