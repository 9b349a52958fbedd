// entry: Stats.Quantiles.WeightedMedianBlend
// args: new double[] { 3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.6 }, new double[] { 1.0, 2.0, 0.5, 1.0, 1.5, 0.3, 1.2 }, 0.5
// expect: works
// Round 20. A weighted quantile without sorting: for each value, the weight of the values strictly below it; the
// smallest value whose cumulative weight reaches q of the total is the quantile; blended with the mean.
using System;
using SourceAD;

namespace Stats;

public static partial class Quantiles
{
    [Differentiable]
    public static double WeightedMedianBlend(double[] values, [NoDerivative] double[] weights, [NoDerivative] double q)
    {
        double total = 0.0;
        for (int i = 0; i < weights.Length; i++) total += weights[i];
        double best = double.PositiveInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double below = 0.0;
            for (int j = 0; j < values.Length; j++)
                if (values[j] <= values[i]) below += weights[j];
            if (below >= q * total && values[i] < best) best = values[i];
        }
        double mean = 0.0;
        for (int i = 0; i < values.Length; i++) mean += weights[i] * values[i] / total;
        return 0.5 * (best + mean);
    }
}
