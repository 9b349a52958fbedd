// entry: Thermo.RealGas.MolarVolume
// args: 300.0, 1.0e6, 0.3640, 4.267e-5
// expect: works
// Molar volume of a van der Waals gas by Newton's method from the ideal-gas guess, a fixed number of iterations.
using System;
using SourceAD;

namespace Thermo;

public static partial class RealGas
{
    private const double R = 8.314462618;

    [Differentiable]
    public static double MolarVolume(double temperature, double pressure, double a, double b)
    {
        double v = R * temperature / pressure;
        for (int iter = 0; iter < 12; iter++)
        {
            double f = (pressure + a / (v * v)) * (v - b) - R * temperature;
            double df = pressure - a / (v * v) + 2 * a * b / (v * v * v);
            v -= f / df;
        }
        return v * 1e3;
    }
}
