// entry: Finance.MonteCarlo.AsianCall
// args: 100.0, 0.2, 0.03
// expect: works
// new Random(42) inside the method: every generated member draws the method's numbers in its order, so the pathwise
// derivative holds each path's draws fixed (MethodLowering.RandomLocals.cs; was refused).
using System;
using SourceAD;

namespace Finance;

public static partial class MonteCarlo
{
    /// <summary>Asian call by Monte Carlo with a fixed seed (common random numbers), the way pathwise Greeks are computed.</summary>
    [Differentiable]
    public static double AsianCall(double spot, double vol, double rate)
    {
        var rng = new Random(42);
        const int paths = 200, steps = 12;
        double dt = 1.0 / steps, strike = 100.0, payoff = 0;
        for (int p = 0; p < paths; p++)
        {
            double s = spot, sum = 0;
            for (int k = 0; k < steps; k++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
                s *= Math.Exp((rate - 0.5 * vol * vol) * dt + vol * Math.Sqrt(dt) * z);
                sum += s;
            }
            payoff += Math.Max(sum / steps - strike, 0.0);
        }
        return Math.Exp(-rate) * payoff / paths;
    }
}
