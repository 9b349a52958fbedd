// entry: Geometry.Polar.Spiral
// args: new double[] { 0.5, 1.2, 2.0, 2.9 }, 0.3
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Polar
{
    // Plain helpers with out parameters, not marked: written the way .NET's own Math.SinCos-style APIs are.
    private static void ToCartesian(double r, double theta, out double x, out double y)
    {
        x = r * Math.Cos(theta);
        y = r * Math.Sin(theta);
    }

    private static bool TryNormalize(double x, double y, out double ux, out double uy)
    {
        double n = Math.Sqrt(x * x + y * y);
        if (n < 1e-12)
        {
            ux = 0;
            uy = 0;
            return false;
        }
        ux = x / n;
        uy = y / n;
        return true;
    }

    /// <summary>Length of a spiral through the angles, each point at radius 1 + growth·θ, plus its end direction.</summary>
    [Differentiable]
    public static double Spiral(double[] angles, double growth)
    {
        ToCartesian(1 + growth * angles[0], angles[0], out double px, out double py);
        double length = 0;
        for (int i = 1; i < angles.Length; i++)
        {
            ToCartesian(1 + growth * angles[i], angles[i], out var x, out var y);
            length += Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
            px = x;
            py = y;
        }
        if (TryNormalize(px, py, out double ux, out double uy)) length += 0.1 * (ux + 2 * uy);
        return length;
    }
}
