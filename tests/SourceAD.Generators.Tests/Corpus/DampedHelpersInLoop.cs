// entry: Signals.Damping.Energy
// args: new double[] { 0.5, -1.5, 2.25, -0.2, 0.9 }, 0.7
// expect: works
using System;
using SourceAD;

namespace Signals;

/// <summary>
/// Plain helpers (no [Differentiable]) called per sample: one assigns its parameter and returns early, one picks a
/// branch, and a conditional expression chooses between two of them.
/// </summary>
public static partial class Damping
{
    private static double Damp(double v, double rate)
    {
        v *= rate;
        if (v < 0) return -0.5 * v;
        return v * v;
    }

    private static double Soft(double v) => Math.Log(1 + Math.Exp(v));

    private static double Hard(double v)
    {
        double t = Math.Tanh(v);
        return t * t;
    }

    [Differentiable]
    public static double Energy(ReadOnlySpan<double> x, double rate)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double shaped = x[i] > 0 ? Soft(x[i]) : Hard(x[i]);
            total += Damp(x[i], rate) * shaped;
        }
        return total;
    }
}
