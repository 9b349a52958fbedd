// entry: Signals.Windows.NormalizedEnergy
// args: new double[] { 0.3, -1.2, 2.5, 0.8, -0.4, 1.9, 0.6 }, 2, 4
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Windows
{
    /// <summary>Copies a window of the signal out with AsSpan(start, length).ToArray(), standardizes the copy in place, and weights its energy.</summary>
    [Differentiable]
    public static double NormalizedEnergy(double[] signal, int start, int length)
    {
        double[] window = signal.AsSpan(start, length).ToArray();
        double mean = 0;
        foreach (double v in window) mean += v;
        mean /= window.Length;
        double spread = 0;
        for (int i = 0; i < window.Length; i++)
        {
            window[i] -= mean;
            spread += window[i] * window[i];
        }
        spread = Math.Sqrt(spread / window.Length);
        double energy = 0;
        for (int i = 0; i < window.Length; i++) energy += (i + 1) * Math.Pow(window[i] / spread, 3);
        return energy;
    }
}
