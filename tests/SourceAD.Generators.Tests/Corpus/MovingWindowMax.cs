// entry: Dsp.Windows.PeakEnvelope
// args: new double[] { 0.2, 1.1, -0.4, 0.9, 1.7, 0.3, -0.8, 1.3, 0.6 }, 3
// expect: works
// Round 20. A sliding-window maximum (a running max over each window of w samples, started at double.MinValue) and
// the mean of the envelope.
using System;
using SourceAD;

namespace Dsp;

public static partial class Windows
{
    [Differentiable]
    public static double PeakEnvelope(double[] x, [NoDerivative] int w)
    {
        int count = x.Length - w + 1;
        double sum = 0.0;
        for (int start = 0; start < count; start++)
        {
            double peak = double.MinValue;
            for (int k = start; k < start + w; k++)
                peak = Math.Max(peak, x[k]);
            sum += peak;
        }
        return sum / count;
    }
}
