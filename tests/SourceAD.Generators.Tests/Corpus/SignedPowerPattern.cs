// entry: Shapes.Superellipse.Radius
// args: 0.8, 2.5, 1.4, 0.9
// expect: works
using System;
using SourceAD;

namespace Shapes;

public static partial class Superellipse
{
    private static double SignedPow(double v, double p) => Math.Sign(v) * Math.Pow(Math.Abs(v), p);

    /// <summary>Point on a superellipse, with an `is` pattern guarding the exponent.</summary>
    [Differentiable]
    public static double Radius(double theta, double n, double a, double b)
    {
        if (n is <= 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(n));
        double x = a * SignedPow(Math.Cos(theta), 2 / n);
        double y = b * SignedPow(Math.Sin(theta), 2 / n);
        return Math.Sqrt(x * x + y * y);
    }
}
