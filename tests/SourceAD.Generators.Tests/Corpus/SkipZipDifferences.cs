// entry: Series.Roughness.TotalVariationSquared
// args: new double[] { 1.0, 1.4, 0.9, 2.2, 2.0, 3.1 }
// expect: works
// Round 20, second batch. Successive differences by LINQ: x.Skip(1).Zip(x, (next, prev) => next - prev), squared and summed.
using System;
using System.Linq;
using SourceAD;

namespace Series;

public static partial class Roughness
{
    [Differentiable]
    public static double TotalVariationSquared(double[] x) =>
        x.Skip(1).Zip(x, (next, prev) => next - prev).Sum(d => d * d);
}
