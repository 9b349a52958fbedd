// entry: Grids.Boundary.Energy
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }
// expect: works
using SourceAD;

namespace Grids;

public static partial class Boundary
{
    /// <summary>The boundary values' product plus the interior's energy, with C# 8 indices and ranges.</summary>
    [Differentiable]
    public static double Energy(double[] u)
    {
        double first = u[0], last = u[^1];
        double inner = 0;
        foreach (double v in u[1..^1]) inner += v * v;
        return first * last + inner;
    }
}
