// entry: Physics.Work.AlongSpring
// args: 3.5, 0.8
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Work
{
    /// <summary>Trapezoid rule over [a, b] with n panels: a reusable helper that takes the integrand.</summary>
    private static double Integrate(Func<double, double> f, double a, double b, int n)
    {
        double h = (b - a) / n;
        double sum = 0.5 * (f(a) + f(b));
        for (int i = 1; i < n; i++)
            sum += f(a + i * h);
        return sum * h;
    }

    /// <summary>Work done stretching a nonlinear spring F(x) = k x + c x³ from 0 to 1.</summary>
    [Differentiable]
    public static double AlongSpring(double k, double c)
    {
        return Integrate(x => k * x + c * x * x * x, 0.0, 1.0, 50);
    }
}
