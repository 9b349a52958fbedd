// entry: ML.Ridge.Objective
// args: new double[][] { new[] { 0.3, -0.2, 0.5 }, new[] { 1.1, 0.4, -0.7 } }, new double[] { 1.0, 2.0, -0.5 }, new double[] { 0.4, 1.9 }, 0.05
// expect: works
// A multi-output linear model: squared error per output row, a Frobenius penalty summed over the jagged rows and a
// max-row-L1 (infinity-norm) penalty, all in LINQ.
using System;
using System.Linq;
using SourceAD;

namespace ML;

public static partial class Ridge
{
    /// <summary>Σₖ (wₖ·x − yₖ)² + λ‖W‖²_F + λ‖W‖_∞ for a weight matrix stored as jagged rows.</summary>
    [Differentiable]
    public static double Objective(double[][] weights, double[] x, double[] y, double lambda)
    {
        double fit = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            double prediction = weights[k].Select((w, j) => w * x[j]).Sum();
            fit += (prediction - y[k]) * (prediction - y[k]);
        }

        double frobenius = weights.Sum(row => row.Sum(w => w * w));
        double infinity = weights.Max(row => row.Sum(Math.Abs));
        return fit + lambda * frobenius + lambda * infinity;
    }
}
