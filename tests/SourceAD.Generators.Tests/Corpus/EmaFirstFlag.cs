// entry: Signals.Smoothing.Ema
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }, 0.3
// expect: works
using SourceAD;

namespace Signals;

public static partial class Smoothing
{
    /// <summary>An exponential moving average started at the first sample, with a flag.</summary>
    [Differentiable]
    public static double Ema(double[] xs, double alpha)
    {
        bool first = true;
        double ema = 0;
        foreach (var x in xs)
        {
            if (first) { ema = x; first = false; }
            else ema = alpha * x + (1 - alpha) * ema;
        }
        return ema;
    }
}
