// entry: Dsp.MovingFir.Filter
// args: new double[] { 0.5, 1.0, -0.25, 0.75, 0.3, -0.6 }, new double[] { 0.4, 0.3, 0.2, 0.1 }
// expect: works
// An FIR filter whose history is shifted with Array.Copy and initialised with AsSpan().CopyTo.
using System;
using SourceAD;

namespace Dsp;

public static partial class MovingFir
{
    [Differentiable]
    public static double Filter(double[] signal, double[] taps)
    {
        int m = taps.Length;
        var history = new double[m];
        signal.AsSpan(0, 1).CopyTo(history);
        double sumSquares = 0;
        for (int n = 1; n < signal.Length; n++)
        {
            Array.Copy(history, 0, history, 1, m - 1);
            history[0] = signal[n];
            double y = 0;
            for (int k = 0; k < m; k++) y += taps[k] * history[k];
            sumSquares += y * y;
        }
        return sumSquares;
    }
}
