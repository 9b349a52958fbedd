// entry: Ode.Step.Heun
// args: 1.2, -0.4, 0.1, 0.7
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Step
{
    /// <summary>One Heun step of s' = −k s + ds·cos(s), where ds is a forcing amplitude.</summary>
    [Differentiable]
    public static double Heun(double s, double ds, double h, double k)
    {
        double f0 = -k * s + ds * Math.Cos(s);
        double predicted = s + h * f0;
        double f1 = -k * predicted + ds * Math.Cos(predicted);
        return s + 0.5 * h * (f0 + f1);
    }
}
