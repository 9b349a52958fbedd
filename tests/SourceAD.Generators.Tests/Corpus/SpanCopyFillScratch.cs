// entry: Signals.Scratch.Smoothed
// args: new double[] { 0.5, -1.0, 2.0, 0.3, 1.2 }
// expect: works
// A stackalloc scratch span filled with Fill, copied into with CopyTo, and smoothed in place.
using System;
using SourceAD;

namespace Signals;

public static partial class Scratch
{
    [Differentiable]
    public static double Smoothed(double[] x)
    {
        Span<double> buf = stackalloc double[x.Length + 2];
        buf.Fill(0.0);
        x.AsSpan().CopyTo(buf.Slice(1));
        double s = 0;
        for (int i = 1; i <= x.Length; i++)
        {
            double y = 0.25 * buf[i - 1] + 0.5 * buf[i] + 0.25 * buf[i + 1];
            s += y * y;
        }
        return s;
    }
}
