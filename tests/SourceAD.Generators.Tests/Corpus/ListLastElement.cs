// entry: Series.Running.MaxTrail
// args: new double[] { 0.5, 1.5, 1.0, 2.5, 2.0 }
// expect: works
// Running maxima collected in a List, each new one compared with list[^1] and the total read back by index.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Series;

public static partial class Running
{
    [Differentiable]
    public static double MaxTrail(double[] x)
    {
        var maxima = new List<double> { x[0] };
        for (int i = 1; i < x.Length; i++)
        {
            maxima.Add(Math.Max(maxima[^1], x[i]));
        }
        double s = 0;
        for (int i = 0; i < maxima.Count; i++) s += maxima[i] * (i + 1);
        return s;
    }
}
