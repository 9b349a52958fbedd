// entry: Signals.Noise.ValueNoise
// args: 3.7, 0.6
// expect: works
using System;
using SourceAD;

namespace Signals;

public static partial class Noise
{
    private static double Hash(double n)
    {
        double s = Math.Sin(n * 127.1) * 43758.5453;
        return s - Math.Floor(s);
    }

    /// <summary>1-D value noise with smoothstep fade; differentiable in x and amplitude.</summary>
    [Differentiable]
    public static double ValueNoise(double x, double amplitude)
    {
        double cell = Math.Floor(x);
        double f = x - cell;
        double fade = f * f * (3 - 2 * f);
        double a = Hash(cell), b = Hash(cell + 1);
        return amplitude * (a + (b - a) * fade);
    }
}
