// entry: Signals.Goertzel.Power
// args: new double[] { 0.0, 0.7, 1.0, 0.7, 0.0, -0.7, -1.0, -0.7 }, 0.785
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Goertzel
{
    /// <summary>Goertzel algorithm: signal power at normalized angular frequency omega.</summary>
    [Differentiable]
    public static double Power(double[] samples, double omega)
    {
        double coeff = 2 * Math.Cos(omega);
        double sPrev = 0, sPrev2 = 0;
        foreach (double x in samples)
        {
            double s = x + coeff * sPrev - sPrev2;
            sPrev2 = sPrev;
            sPrev = s;
        }
        return sPrev2 * sPrev2 + sPrev * sPrev - coeff * sPrev * sPrev2;
    }
}
