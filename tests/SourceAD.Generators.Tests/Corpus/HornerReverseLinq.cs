// entry: Numerics.Poly.Horner
// args: new double[] { 1.0, -2.0, 0.5, 3.0 }, 1.3
// expect: works
// Round 20, second batch. Horner's rule walking the coefficients from the highest by `foreach (var c in a.Reverse())`.
using System;
using System.Linq;
using SourceAD;

namespace Numerics;

public static partial class Poly
{
    [Differentiable]
    public static double Horner(double[] a, double x)
    {
        double y = 0.0;
        foreach (var c in a.Reverse()) y = y * x + c;
        return y;
    }
}
