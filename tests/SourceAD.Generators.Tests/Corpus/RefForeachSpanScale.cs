// entry: Signal.InPlace.Normalized
// args: new double[] { 3.0, -4.0, 1.5 }
// expect: works
// Scaling a copy in place with foreach (ref double v in span), then its energy.
using System;
using SourceAD;

namespace Signal;

public static partial class InPlace
{
    [Differentiable]
    public static double Normalized(double[] x)
    {
        double[] y = (double[])x.Clone();
        double norm = 0;
        foreach (double v in y) norm += v * v;
        norm = Math.Sqrt(norm);
        foreach (ref double v in y.AsSpan()) v /= norm;
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (i + 1) * y[i];
        return s;
    }
}
