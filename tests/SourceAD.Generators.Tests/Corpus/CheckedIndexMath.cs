// entry: Signal.Resample.Linear
// args: new double[] { 1.0, 2.5, 0.5, -1.0, 3.0 }, 1.7
// expect: works
// Index arithmetic with checked(), a clamped integer index, (int)Math.Floor, and the fractional weight.
using System;
using SourceAD;

namespace Signal;

public static partial class Resample
{
    /// <summary>Sum of the signal resampled at positions stretched by a factor, with linear interpolation.</summary>
    [Differentiable]
    public static double Linear(double[] samples, double stretch)
    {
        double total = 0;
        int last = samples.Length - 1;
        for (int k = 0; k < 8; k++)
        {
            double position = k / stretch;
            int i = Math.Clamp((int)Math.Floor(position), 0, last - 1);
            double frac = Math.Clamp(position - i, 0.0, 1.0);
            total += checked(samples[i] * (1 - frac) + samples[i + 1] * frac);
        }
        return total;
    }
}
