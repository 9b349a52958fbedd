// entry: Optimization.Unrolled.FinalLoss
// args: new double[] { 2.0, 0.5 }, 0.05, new double[] { 1.0, -1.0 }
// expect: works
using SourceAD;

namespace Optimization;

public static partial class Unrolled
{
    /// <summary>Loss after 25 unrolled gradient steps on a diagonal quadratic, differentiated w.r.t. curvatures and step.</summary>
    [Differentiable]
    public static double FinalLoss(double[] curvature, double learningRate, [NoDerivative] double[] start)
    {
        int n = curvature.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = start[i];
        for (int step = 0; step < 25; step++)
        {
            for (int i = 0; i < n; i++)
            {
                double grad = curvature[i] * x[i];
                x[i] -= learningRate * grad;
            }
        }
        double loss = 0;
        for (int i = 0; i < n; i++) loss += 0.5 * curvature[i] * x[i] * x[i];
        return loss;
    }
}
