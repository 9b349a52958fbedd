// entry: Dsp.Filters.Energy
// args: new double[] { 0.3, -0.2, 0.9, 0.1, -0.5, 0.4 }, 0.6, 0.3, -0.2
// expect: works
using SourceAD;

namespace Dsp;

public static partial class Filters
{
    /// <summary>Output energy of a biquad section in direct form II transposed.</summary>
    [Differentiable]
    public static double Energy(double[] signal, double b0, double b1, double a1)
    {
        double z1 = 0, z2 = 0, energy = 0;
        foreach (double s in signal)
        {
            double y = b0 * s + z1;
            z1 = b1 * s - a1 * y + z2;
            z2 = 0.5 * b1 * s - 0.25 * a1 * y;
            energy += y * y;
        }
        return energy;
    }
}
