// entry: Splines.Basis.Evaluate
// args: new double[] { 0.2, 1.1, -0.7, 0.4, 0.9 }, 0.35
// expect: works
// A switch statement with stacked case labels, a default, and break/continue inside a for loop.
using System;
using SourceAD;

namespace Splines;

public static partial class Basis
{
    /// <summary>Σ c_k B_k(t) with a piecewise basis chosen by k mod 4.</summary>
    [Differentiable]
    public static double Evaluate(double[] coefficients, double t)
    {
        double sum = 0;
        for (int k = 0; k < coefficients.Length; k++)
        {
            double basis;
            switch (k % 4)
            {
                case 0:
                case 2:
                    basis = Math.Cos(k * t);
                    break;
                case 1:
                    basis = Math.Sin(k * t);
                    break;
                default:
                    if (t < 0) continue;
                    basis = Math.Sqrt(t) * k;
                    break;
            }
            sum += coefficients[k] * basis;
        }
        return sum;
    }
}
