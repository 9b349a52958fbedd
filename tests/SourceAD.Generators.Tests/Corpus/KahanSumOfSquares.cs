// entry: Numerics.Compensated.SumOfSquares
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Compensated
{
    /// <summary>Kahan's compensated sum of squares.</summary>
    [Differentiable]
    public static double SumOfSquares(double[] x)
    {
        double sum = 0.0, c = 0.0;
        foreach (double v in x)
        {
            double y = v * v - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        return sum;
    }
}
