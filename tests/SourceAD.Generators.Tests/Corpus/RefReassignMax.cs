// entry: Peaks.Largest.SharpenMax
// args: new double[] { 0.5, 2.5, -1.0, 1.75 }
// expect: works
// A ref local re-pointed at the largest element (best = ref y[i]) and then written through.
using System;
using SourceAD;

namespace Peaks;

public static partial class Largest
{
    [Differentiable]
    public static double SharpenMax(double[] x)
    {
        double[] y = (double[])x.Clone();
        ref double best = ref y[0];
        for (int i = 1; i < y.Length; i++)
        {
            if (y[i] > best) best = ref y[i];
        }
        best *= 2;
        double s = 0;
        foreach (double v in y) s += v * v;
        return s;
    }
}
