// entry: Sensors.Robust.MedianOfValid
// args: new double[] { 3.2, -1.0, 2.8, 4.1, double.NaN, 3.9, -0.5, 2.5 }
// expect: works
// The median of the valid (positive) readings: Where, then OrderBy, then the middle element.
using System;
using System.Linq;
using SourceAD;

namespace Sensors;

public static partial class Robust
{
    [Differentiable]
    public static double MedianOfValid(double[] readings)
    {
        var valid = readings.Where(r => r > 0).OrderBy(r => r).ToArray();
        int n = valid.Length;
        return n % 2 == 1 ? valid[n / 2] : 0.5 * (valid[n / 2 - 1] + valid[n / 2]);
    }
}
