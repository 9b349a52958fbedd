// entry: Shapes.Window.Taper
// args: new double[] { -0.2, 0.1, 0.45, 0.8, 1.3 }
// expect: works
// A taper with `is not (>= 0 and <= 1)` and a switch expression with `or` patterns.
using System;
using SourceAD;

namespace Shapes;

public static partial class Window
{
    [Differentiable]
    public static double Taper(double[] t)
    {
        double s = 0;
        foreach (double u in t)
        {
            if (u is not (>= 0 and <= 1)) continue;
            double w = u switch
            {
                < 0.25 or > 0.75 => 0.5 * (1 - Math.Cos(4 * Math.PI * u)),
                _ => 1.0,
            };
            s += w * u;
        }
        return s;
    }
}
