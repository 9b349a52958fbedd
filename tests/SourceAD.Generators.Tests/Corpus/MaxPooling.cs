// entry: ML.Pooling.MaxPoolSum
// args: new double[] { 0.3, 1.2, -0.5, 0.8, 2.1, 0.4, -1.0, 0.9 }, 3
// expect: works
using SourceAD;

namespace ML;

public static partial class Pooling
{
    /// <summary>Sum over sliding windows (stride 2) of the window maximum, weighted by position.</summary>
    [Differentiable]
    public static double MaxPoolSum(double[] x, int window)
    {
        double total = 0;
        int position = 1;
        for (int start = 0; start + window <= x.Length; start += 2)
        {
            double best = x[start];
            for (int k = 1; k < window; k++)
            {
                if (x[start + k] > best) best = x[start + k];
            }
            total += position * best;
            position++;
        }
        return total;
    }
}
