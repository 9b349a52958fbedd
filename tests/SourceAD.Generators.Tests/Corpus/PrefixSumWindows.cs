// entry: Series.Windows.MeanOfWindowMeans
// args: new double[] { 1.0, 3.0, 2.0, 5.0, 4.0, 0.5 }, 3
// expect: works
// Prefix sums in a stackalloc span, window means read as differences of two prefix entries.
using System;
using SourceAD;

namespace Series;

public static partial class Windows
{
    [Differentiable]
    public static double MeanOfWindowMeans(double[] x, int k)
    {
        Span<double> prefix = stackalloc double[x.Length + 1];
        prefix[0] = 0;
        for (int i = 0; i < x.Length; i++) prefix[i + 1] = prefix[i] + x[i];
        double s = 0;
        int count = 0;
        for (int lo = 0; lo + k <= x.Length; lo++)
        {
            double mean = (prefix[lo + k] - prefix[lo]) / k;
            s += mean * mean;
            count++;
        }
        return s / count;
    }
}
