// entry: Numerics.Products.Geometric
// args: new double[] { 1.2, 0.8, 1.5, 0.9 }, 2.0
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Products
{
    /// <summary>Geometric mean divided by the harmonic mean, with a damping offset.</summary>
    [Differentiable]
    public static double Geometric(double[] x, double offset)
    {
        double product = 1, reciprocal = 0;
        foreach (double v in x)
        {
            product *= v + offset;
            reciprocal += 1 / (v + offset);
        }
        double geometric = Math.Pow(product, 1.0 / x.Length);
        double harmonic = x.Length / reciprocal;
        geometric /= harmonic;
        geometric -= offset * 0.01;
        return geometric;
    }
}
