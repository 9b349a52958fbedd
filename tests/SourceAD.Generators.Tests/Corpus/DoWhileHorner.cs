// entry: Numerics.Polynomials.EvaluateDescending
// args: new double[] { 0.5, -1.0, 2.0, 0.25 }, 1.3
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Polynomials
{
    /// <summary>Horner's rule with a countdown loop; coefficients from highest degree down.</summary>
    [Differentiable]
    public static double EvaluateDescending(double[] c, double x)
    {
        int i = c.Length - 1;
        double result = c[0];
        int k = 1;
        do
        {
            if (k > i) break;
            result = result * x + c[k];
            k++;
        } while (true);
        return result;
    }
}
