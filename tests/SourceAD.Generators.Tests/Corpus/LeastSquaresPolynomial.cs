// entry: Fitting.Llsq.Objective
// args: new double[] { 0.2, -0.5, 1.1, 0.3 }, 7
// expect: works
using System;
using SourceAD;

namespace Fitting;

public static partial class Llsq
{
    /// <summary>GradBench-style linear least squares: fit of a polynomial in t to a fixed signal on [−1, 1].</summary>
    [Differentiable]
    public static double Objective(double[] x, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double t = -1 + 2.0 * i / (n - 1);
            double target = Math.Sign(t) * Math.Sqrt(Math.Abs(t) + 0.1);
            double model = 0, power = 1;
            for (int j = 0; j < x.Length; j++)
            {
                model += x[j] * power;
                power *= t;
            }
            sum += (target - model) * (target - model);
        }
        return sum / 2;
    }
}
