// entry: Learning.Ridge.FitLoss
// args: new double[] { 0.5, -1.2, 2.0, 0.3, -0.7, 1.1 }, new double[] { 1.0, 0.0, 1.0, 1.0, 0.0, 1.0 }, 0.1, 0.5
// expect: works
// Round 20. Logistic regression (one weight and a bias) with an L2 penalty fitted by gradient descent that stops early
// once the step is small (a `break` on a tolerance), then the fitted loss; the gradient is through the whole fit.
using System;
using SourceAD;

namespace Learning;

public static partial class Ridge
{
    static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Differentiable]
    public static double FitLoss(double[] x, [NoDerivative] double[] y, double lambda, double learningRate)
    {
        double w = 0.0, b = 0.0;
        for (int iter = 0; iter < 200; iter++)
        {
            double gw = lambda * w, gb = 0.0;
            for (int i = 0; i < x.Length; i++)
            {
                double err = Sigmoid(w * x[i] + b) - y[i];
                gw += err * x[i] / x.Length;
                gb += err / x.Length;
            }
            w -= learningRate * gw;
            b -= learningRate * gb;
            if (Math.Abs(gw) + Math.Abs(gb) < 1e-3) break;
        }
        double loss = 0.5 * lambda * w * w;
        for (int i = 0; i < x.Length; i++)
        {
            double p = Sigmoid(w * x[i] + b);
            loss -= (y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p)) / x.Length;
        }
        return loss;
    }
}
