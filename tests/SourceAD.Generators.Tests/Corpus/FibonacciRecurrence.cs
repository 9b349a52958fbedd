// entry: Numerics.Recurrences.Lucas
// args: 0.7, 1.1, 12
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Recurrences
{
    /// <summary>Generalized Fibonacci: a(n) = a(n−1) + r·a(n−2), started from (1, a1); returns a(n)/a(n−1).</summary>
    [Differentiable]
    public static double Lucas(double r, double a1, int n)
    {
        double a = 1, b = a1;
        for (int i = 2; i <= n; i++)
        {
            (a, b) = (b, b + r * a);
        }
        return b / a;
    }
}
