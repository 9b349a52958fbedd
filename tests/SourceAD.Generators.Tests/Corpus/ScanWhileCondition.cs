// entry: Interp.Steps.ValueAt
// args: new double[] { 0.0, 0.4, 1.1, 1.9, 3.0 }, new double[] { 1.0, 2.0, 0.5, 1.5, 2.5 }, 1.4
// expect: works
using SourceAD;

namespace Interp;

public static partial class Steps
{
    /// <summary>Linear interpolation with a forward scan for the interval.</summary>
    [Differentiable]
    public static double ValueAt(double[] knots, double[] values, double t)
    {
        int i = 0;
        while (i < knots.Length - 2 && knots[i + 1] < t) i++;
        double w = (t - knots[i]) / (knots[i + 1] - knots[i]);
        return (1 - w) * values[i] + w * values[i + 1];
    }
}
