// entry: Signals.Symmetry.Asymmetry
// args: new double[] { 0.5, 1.2, -0.3, 0.8, 1.1, 0.4 }
// expect: works
using SourceAD;

namespace Signals;

public static partial class Symmetry
{
    /// <summary>How far a signal is from being a palindrome.</summary>
    [Differentiable]
    public static double Asymmetry(double[] x)
    {
        double s = 0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            double d = x[i] - x[j];
            s += d * d;
        }
        return s;
    }
}
