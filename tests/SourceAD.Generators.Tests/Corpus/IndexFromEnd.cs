// entry: Signal.Edges.InteriorRoughness
// args: new double[] { 0.2, 0.9, 1.4, 1.1, 0.3, -0.4, 0.1 }
// expect: works
using System;
using SourceAD;

namespace Signal;

public static partial class Edges
{
    /// <summary>Second differences over the interior (x[1..^1]) plus the end-point jump x[^1] - x[0].</summary>
    [Differentiable]
    public static double InteriorRoughness(double[] x)
    {
        ReadOnlySpan<double> inner = x.AsSpan()[1..^1];
        double r = 0;
        for (int i = 1; i < inner.Length - 1; i++)
        {
            double d2 = inner[i - 1] - 2 * inner[i] + inner[i + 1];
            r += d2 * d2;
        }
        double jump = x[^1] - x[0];
        return r + 0.5 * jump * jump + x[^2] * inner[^1];
    }
}
