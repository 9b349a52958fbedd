// entry: Thermal.Cooling.SquaredResidual
// args: 90.0, 0.08, 21.0
// expect: works
// Newton's law of cooling against logged readings; the residual sum uses Math.FusedMultiplyAdd.
using System;
using SourceAD;

namespace Thermal;

public static partial class Cooling
{
    private static readonly (double Minute, double Celsius)[] Log =
    {
        (0, 89.5), (5, 66.0), (10, 50.2), (15, 40.1), (20, 33.3), (30, 26.4),
    };

    [Differentiable]
    public static double SquaredResidual(double initial, double rate, double ambient)
    {
        double sse = 0;
        foreach (var (minute, celsius) in Log)
        {
            double model = ambient + (initial - ambient) * Math.Exp(-rate * minute);
            double r = model - celsius;
            sse = Math.FusedMultiplyAdd(r, r, sse);
        }
        return sse;
    }
}
