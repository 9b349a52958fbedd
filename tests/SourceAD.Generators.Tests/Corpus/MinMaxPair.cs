// entry: Statistics.Scaling.MinMaxNormalizedSpread
// args: new double[] { 0.8, -1.4, 2.3, 0.1, 1.7, -0.6 }
// expect: works
using System;
using SourceAD;

namespace Statistics;

public static partial class Scaling
{
    private static (double Min, double Max) MinMax(double[] values)
    {
        double min = values[0], max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < min) min = values[i];
            if (values[i] > max) max = values[i];
        }
        return (min, max);
    }

    /// <summary>Rescales to [0, 1] by the sample's range and returns the variance of the rescaled values.</summary>
    [Differentiable]
    public static double MinMaxNormalizedSpread(double[] values)
    {
        var range = MinMax(values);
        double width = range.Max - range.Min;
        double mean = 0;
        for (int i = 0; i < values.Length; i++) mean += (values[i] - range.Min) / width;
        mean /= values.Length;
        double spread = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double z = (values[i] - range.Min) / width - mean;
            spread += z * z;
        }
        return spread / values.Length;
    }
}
