// entry: Losses.Configurable.Loss
// args: new double[] { 0.5, -1.0, 2.0 }, Losses.LossOptions.Squared | Losses.LossOptions.Mean
// expect: works
// Options as a [Flags] enum tested with HasFlag and with a bitwise mask.
using System;
using SourceAD;

namespace Losses;

[Flags]
public enum LossOptions { None = 0, Squared = 1, Mean = 2, Clip = 4 }

public static partial class Configurable
{
    [Differentiable]
    public static double Loss(double[] r, LossOptions options)
    {
        double s = 0;
        foreach (double v in r)
        {
            double e = options.HasFlag(LossOptions.Squared) ? v * v : Math.Abs(v);
            if ((options & LossOptions.Clip) != 0) e = Math.Min(e, 1.0);
            s += e;
        }
        return options.HasFlag(LossOptions.Mean) ? s / r.Length : s;
    }
}
