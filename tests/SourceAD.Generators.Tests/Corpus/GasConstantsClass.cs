// entry: Thermo.IdealGas.Work
// args: 1.5, 300.0, 0.02, 0.05
// expect: works
// Isothermal work of an ideal gas with constants kept in another static class: a const, a static readonly field and a
// static auto-property with an initializer, read through an expression-bodied helper.
using System;
using SourceAD;

namespace Thermo;

public static class PhysicalConstants
{
    public const double R = 8.314462618;
    public static readonly double ZeroCelsius = 273.15;
    public static double StandardPressure { get; } = 101325.0;
}

public static partial class IdealGas
{
    private static double Kelvin(double celsius) => celsius + PhysicalConstants.ZeroCelsius;

    [Differentiable]
    public static double Work(double moles, double celsius, double v1, double v2)
    {
        double t = Kelvin(celsius - PhysicalConstants.ZeroCelsius);
        double w = moles * PhysicalConstants.R * t * Math.Log(v2 / v1);
        return w / PhysicalConstants.StandardPressure;
    }
}
