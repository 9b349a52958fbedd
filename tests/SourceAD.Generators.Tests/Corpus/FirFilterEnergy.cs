// entry: Signals.Filters.OutputEnergy
// args: new double[] { 0.3, -0.2, 0.9, 0.1, -0.7, 0.5, 0.2 }, 0.8
// expect: works
using SourceAD;

namespace Signals;

public static partial class Filters
{
    /// <summary>Energy of a signal after a 5-tap low-pass FIR filter with adjustable gain.</summary>
    [Differentiable]
    public static double OutputEnergy(double[] input, double gain)
    {
        double[] taps = { 0.1, 0.2, 0.4, 0.2, 0.1 };
        double energy = 0;
        for (int n = 0; n < input.Length; n++)
        {
            double y = 0;
            for (int k = 0; k < taps.Length; k++)
            {
                if (n - k < 0) break;
                y += taps[k] * input[n - k];
            }
            y *= gain;
            energy += y * y;
        }
        return energy;
    }
}
