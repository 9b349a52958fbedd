// entry: Fitting.Losses.TrimmedHuber
// args: new double[] { 1.2, -0.4, 3.1, 0.05, -2.2 }, new double[] { 1.0, -0.1, 2.0, 0.0, -2.5 }, 0.5
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Fitting;

public static partial class Losses
{
    /// <summary>Huber loss over the residuals below a cap, plus the worst absolute residual as a penalty.</summary>
    [Differentiable]
    public static double TrimmedHuber(double[] predicted, double[] observed, double delta)
    {
        var residuals = Enumerable.Range(0, predicted.Length).Select(i => predicted[i] - observed[i]);
        double loss = Enumerable.Range(0, predicted.Length)
            .Select(i => Math.Abs(predicted[i] - observed[i]))
            .Where(r => r < 10 * delta)
            .Sum(r => r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta));
        double worst = predicted.Select((p, i) => Math.Abs(p - observed[i])).Max();
        return loss / predicted.Length + 0.1 * worst;
    }
}
