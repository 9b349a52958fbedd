// entry: Signals.Windows.WindowedRms
// args: new double[] { 0.4, -0.1, 0.9, 0.3, -0.6, 0.2 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Signals;

public static partial class Windows
{
    /// <summary>RMS of a Hann-windowed frame.</summary>
    [Differentiable]
    public static double WindowedRms(double[] frame)
    {
        int n = frame.Length;
        var windowed = new double[n];
        for (int i = 0; i < n; i++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
            windowed[i] = frame[i] * w;
        }
        double meanSquare = windowed.Select(v => v * v).Average();
        return Math.Sqrt(meanSquare);
    }
}
