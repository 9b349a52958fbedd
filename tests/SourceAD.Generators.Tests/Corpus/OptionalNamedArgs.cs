// entry: Robust.Losses.Total
// args: new double[] { 0.3, -2.5, 1.1, 4.0 }, 0.7
// expect: works
using System;
using SourceAD;

namespace Robust;

public static partial class Losses
{
    [Differentiable]
    public static double Huber(double r, double delta = 1.0)
    {
        double a = Math.Abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    /// <summary>Huber residuals around a shift, with the default threshold and a named one.</summary>
    [Differentiable]
    public static double Total(double[] residuals, double shift)
    {
        double total = 0;
        foreach (double r in residuals)
            total += Huber(r - shift) + 0.1 * Huber(delta: 2.0, r: r * shift);
        return total;
    }
}
