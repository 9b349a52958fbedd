// entry: Approx.Chebyshev.Clenshaw
// args: 0.37, new double[] { 1.0, -0.5, 0.25, 0.125, -0.0625 }
// expect: works
// Clenshaw's recurrence for a Chebyshev series, the two-term state shifted by a tuple assignment.
using System;
using SourceAD;

namespace Approx;

public static partial class Chebyshev
{
    [Differentiable]
    public static double Clenshaw(double x, double[] c)
    {
        double b1 = 0, b2 = 0;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            (b1, b2) = (2 * x * b1 - b2 + c[k], b1);
        }
        return x * b1 - b2 + c[0];
    }
}
