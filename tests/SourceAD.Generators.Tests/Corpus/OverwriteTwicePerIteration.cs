// entry: Signals.Iir.BiquadEnergy
// args: new double[] { 1.0, 0.0, -0.5, 0.25, 0.8, -0.3 }, 0.2, 0.3, 0.1, -0.4, 0.2
// expect: works
using SourceAD;

namespace Signals;

public static partial class Iir
{
    /// <summary>Output energy of a direct-form-II biquad filter; the state array is updated in place.</summary>
    [Differentiable]
    public static double BiquadEnergy(double[] input, double b0, double b1, double b2, double a1, double a2)
    {
        var state = new double[2];
        double energy = 0;
        for (int n = 0; n < input.Length; n++)
        {
            double w = input[n] - a1 * state[0] - a2 * state[1];
            double y = b0 * w + b1 * state[0] + b2 * state[1];
            state[1] = state[0];
            state[0] = w;
            state[0] = 0.999 * state[0];
            energy += y * y;
        }
        return energy;
    }
}
