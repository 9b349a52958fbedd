// entry: Dsp.Windows.SplitEnergy
// args: new double[] { 0.5, 1.5, -0.5, 2.0, 1.0, -1.0, 0.25, 0.75 }, 3
// expect: works
// Round 20. A scratch Span<double> from stackalloc filled with a smoothed copy, then sliced with a range into head and
// tail views (buf[..split], buf.Slice(split)) whose energies are weighed differently.
using System;
using SourceAD;

namespace Dsp;

public static partial class Windows
{
    [Differentiable]
    public static double SplitEnergy(double[] x, [NoDerivative] int split)
    {
        Span<double> buf = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double prev = i > 0 ? x[i - 1] : x[i];
            buf[i] = 0.5 * (x[i] + prev);
        }
        Span<double> head = buf[..split];
        Span<double> tail = buf.Slice(split);
        double e = 0.0;
        foreach (double v in head) e += v * v;
        foreach (double v in tail) e += 2.0 * v * v;
        return e;
    }
}
