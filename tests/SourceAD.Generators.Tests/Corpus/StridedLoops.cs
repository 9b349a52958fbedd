// entry: Signals.Stride.Mixed
// args: new double[] { 0.5, -1.0, 2.0, 0.3, 1.2, -0.7, 0.9 }
// expect: works
// Loops with a stride of two, a reverse loop with i--, and a do/while with continue.
using System;
using SourceAD;

namespace Signals;

public static partial class Stride
{
    [Differentiable]
    public static double Mixed(double[] x)
    {
        double even = 0, odd = 0;
        for (int i = 0; i < x.Length; i += 2) even += x[i] * x[i];
        for (int i = 1; i < x.Length; i += 2) odd += x[i];
        double tail = 0;
        for (int i = x.Length - 1; i >= x.Length / 2; i--) tail = 0.5 * tail + x[i];
        int k = 0;
        double pos = 0;
        do
        {
            k++;
            if (x[k - 1] < 0) continue;
            pos += Math.Sqrt(x[k - 1]);
        } while (k < x.Length);
        return even - odd + tail * pos;
    }
}
