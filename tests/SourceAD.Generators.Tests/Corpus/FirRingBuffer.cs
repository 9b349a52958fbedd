// entry: Dsp.Fir.OutputEnergy
// args: new double[] { 0.25, 0.5, 0.25, -0.1 }, new double[] { 1.0, 0.5, -0.3, 0.8, 1.2, -0.6, 0.1, 0.4 }
// expect: works
// Round 20. A FIR filter run sample by sample through a circular delay line: the write position advances modulo the
// tap count, and tap k reads (pos - k + n) % n.
using System;
using SourceAD;

namespace Dsp;

public static partial class Fir
{
    [Differentiable]
    public static double OutputEnergy(double[] taps, double[] signal)
    {
        int n = taps.Length;
        var delay = new double[n];
        int pos = 0;
        double energy = 0.0;
        foreach (double sample in signal)
        {
            delay[pos] = sample;
            double y = 0.0;
            for (int k = 0; k < n; k++)
                y += taps[k] * delay[(pos - k + n) % n];
            energy += y * y;
            pos = (pos + 1) % n;
        }
        return energy;
    }
}
