// entry: Numerics.Penalties.Mixed
// args: new double[] { 1.0, 2.0, -3.0, 0.7, -0.2 }
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Penalties
{
    /// <summary>Squares positive entries, negates negative ones, and skips the second entry.</summary>
    [Differentiable]
    public static double Mixed(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (i != 1)
            {
                if (x[i] > 0) s += x[i] * x[i];
                else s -= x[i];
            }
        }
        return s;
    }

    public static double[] ExpectedGradient(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++) g[i] = i == 1 ? 0 : x[i] > 0 ? 2 * x[i] : -1;
        return g;
    }
}
