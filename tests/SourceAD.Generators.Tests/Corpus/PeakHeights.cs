// entry: Signals.Peaks.Score
// args: new double[] { 0.1, 0.9, 0.4, 1.3, 0.2, 0.7, 0.8, 0.3, 1.1, 0.5 }, 0.25
// expect: works
// Local maxima collected into a List<double> after smoothing, then averaged and maxed with LINQ.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Signals;

public static partial class Peaks
{
    /// <summary>Mean plus max of the peak heights of an exponentially smoothed signal.</summary>
    [Differentiable]
    public static double Score(double[] signal, double smoothing)
    {
        var smooth = new double[signal.Length];
        smooth[0] = signal[0];
        for (int i = 1; i < signal.Length; i++)
            smooth[i] = smoothing * smooth[i - 1] + (1 - smoothing) * signal[i];

        var peaks = new List<double>();
        for (int i = 1; i < smooth.Length - 1; i++)
        {
            if (smooth[i] > smooth[i - 1] && smooth[i] > smooth[i + 1])
                peaks.Add(smooth[i]);
        }

        if (peaks.Count == 0)
            return 0.0;
        return peaks.Average() + peaks.Max();
    }
}
