// entry: Physics.Chain.Energy
// args: new double[] { 0.1, 0.9, 2.2, 2.9 }, 1.0, 5.0
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Chain
{
    [Differentiable]
    private static double Morse(double r, double r0, double depth) => depth * Math.Pow(1 - Math.Exp(-(r - r0)), 2);

    [Differentiable]
    private static double PairEnergy(double[] x, int i, int j, double r0, double depth)
    {
        double r = Math.Abs(x[j] - x[i]);
        return Morse(r, r0 * (j - i), depth / (j - i));
    }

    /// <summary>Energy of a 1-D chain with nearest and next-nearest Morse interactions.</summary>
    [Differentiable]
    public static double Energy(double[] x, double r0, double depth)
    {
        double e = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            e += PairEnergy(x, i, i + 1, r0, depth);
            if (i + 2 < x.Length) e += PairEnergy(x, i, i + 2, r0, depth);
        }
        return e;
    }
}
