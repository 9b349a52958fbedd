// entry: Stats.OrderStatistics.TrimmedMean
// args: new double[] { 3.1, -0.4, 2.2, 7.9, 0.6, 1.8, -2.5 }
// expect: works
using SourceAD;

namespace Stats;

public static partial class OrderStatistics
{
    /// <summary>Mean after dropping the smallest and largest sample (insertion sort on a copy).</summary>
    [Differentiable]
    public static double TrimmedMean(double[] samples)
    {
        int n = samples.Length;
        var sorted = new double[n];
        for (int i = 0; i < n; i++) sorted[i] = samples[i];
        for (int i = 1; i < n; i++)
        {
            double key = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > key)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = key;
        }
        double sum = 0;
        for (int i = 1; i < n - 1; i++) sum += sorted[i];
        return sum / (n - 2);
    }
}
