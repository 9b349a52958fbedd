// entry: Curves.Shapes.Total
// args: 0.6, -0.4
// expect: works
// A switch statement on an enum with a when guard on one case, over every enum value.
using System;
using SourceAD;

namespace Curves;

public enum Kind { Linear, Quadratic, Exponential }

public static partial class Shapes
{
    static double Eval(double x, Kind k)
    {
        switch (k)
        {
            case Kind.Linear when x > 0:
                return 2 * x;
            case Kind.Linear:
                return x;
            case Kind.Quadratic:
                return x * x;
            default:
                return Math.Exp(x);
        }
    }

    [Differentiable]
    public static double Total(double a, double b)
    {
        double s = 0;
        foreach (Kind k in Enum.GetValues<Kind>())
            s += Eval(a, k) + Eval(b, k);
        return s;
    }
}
