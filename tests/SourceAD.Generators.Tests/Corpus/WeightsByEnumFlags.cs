// entry: Signal.Filters.Apply
// args: new double[] { 0.5, -1.2, 2.0, 0.3 }, Signal.Stage.Square | Signal.Stage.Normalize
// expect: works
// Round 19, second batch: [Flags] stages tested with HasFlag inside a loop, (stages & X) == X, and a stage chosen by a cast.
using System;
using SourceAD;

namespace Signal;

[Flags]
public enum Stage { None = 0, Square = 1, Normalize = 2, Rectify = 4 }

public static partial class Filters
{
    [Differentiable]
    public static double Apply(double[] x, Stage stages)
    {
        double[] y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (stages.HasFlag(Stage.Rectify)) v = Math.Max(v, 0);
            if ((stages & Stage.Square) == Stage.Square) v *= v;
            Stage own = (Stage)(1 << (i % 3));
            y[i] = (stages & own) != 0 ? v * 1.5 : v;
        }
        double norm = 1;
        if (stages.HasFlag(Stage.Normalize))
        {
            norm = 0;
            foreach (double v in y) norm += v * v;
            norm = Math.Sqrt(norm);
        }
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (i + 1) * y[i] / norm;
        return s;
    }
}
