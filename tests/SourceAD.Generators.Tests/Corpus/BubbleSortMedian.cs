// entry: Stats.Medians.Median
// args: new double[] { 4.2, -1.0, 3.3, 0.5, 2.7 }
// expect: works
using SourceAD;

namespace Stats;

public static partial class Medians
{
    [Differentiable]
    public static double Median(double[] values)
    {
        int n = values.Length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = values[i];
        bool swapped = true;
        while (swapped)
        {
            swapped = false;
            for (int i = 0; i + 1 < n; i++)
            {
                if (v[i] > v[i + 1])
                {
                    double tmp = v[i];
                    v[i] = v[i + 1];
                    v[i + 1] = tmp;
                    swapped = true;
                }
            }
        }
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
