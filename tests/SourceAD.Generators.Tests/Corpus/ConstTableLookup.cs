// entry: Thermo.Cooling.HeatLoss
// args: 2, 12.0, 35.0, 1.8
// expect: works
// Round 20. A heat-transfer coefficient from a const-sized static readonly table indexed by an int category with a
// checked index and Math.Clamp, a const exponent, and Math.Pow with a fractional exponent.
using System;
using SourceAD;

namespace Thermo;

public static partial class Cooling
{
    private const int Categories = 4;
    private const double Exponent = 1.25;
    private static readonly double[] Coefficients = new double[Categories] { 1.42, 1.31, 0.59, 1.32 };

    [Differentiable]
    public static double HeatLoss([NoDerivative] int category, double ambient, double surface, double area)
    {
        int idx = checked(Math.Clamp(category, 0, Categories - 1));
        double dT = surface - ambient;
        return Coefficients[idx] * area * Math.Pow(dT, Exponent);
    }
}
