// entry: Tables.Periodic.Sample
// args: new double[] { 0.0, 1.0, 0.5, -0.5 }, 5.3
// expect: works
// Periodic linear interpolation: index from (int)Math.Floor, wrapped with ((i % n) + n) % n.
using System;
using SourceAD;

namespace Tables;

public static partial class Periodic
{
    [Differentiable]
    public static double Sample(double[] table, double t)
    {
        int n = table.Length;
        int i = (int)Math.Floor(t);
        double f = t - i;
        i = ((i % n) + n) % n;
        int j = (i + 1) % n;
        return table[i] * (1 - f) + table[j] * f;
    }
}
