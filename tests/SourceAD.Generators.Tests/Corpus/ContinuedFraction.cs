// entry: Numerics.Fractions.Evaluate
// args: 0.8, 8
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Fractions
{
    /// <summary>x / (1 + x / (2 + x / (3 + …))) to the given depth, recursively.</summary>
    [Differentiable]
    public static double Evaluate(double x, int depth) => x / Tail(x, 1, depth);

    [Differentiable]
    private static double Tail(double x, int k, int depth)
    {
        if (k == depth) return k;
        return k + x / Tail(x, k + 1, depth);
    }
}
