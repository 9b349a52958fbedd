// entry: Gp.Regression.NegLogMarginal
// args: new double[] { -1.0, -0.3, 0.4, 1.2, 2.0 }, new double[] { 0.2, 0.5, 0.9, 0.4, -0.3 }, 0.8, 1.1, 0.1
// expect: works
// Gaussian-process regression: RBF kernel matrix plus noise, Cholesky factor, and the negative log marginal likelihood.
using System;
using SourceAD;

namespace Gp;

public static partial class Regression
{
    [Differentiable]
    public static double NegLogMarginal(double[] xs, double[] ys, double lengthScale, double signalVar, double noiseVar)
    {
        int n = xs.Length;
        var K = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d = xs[i] - xs[j];
                K[i, j] = signalVar * Math.Exp(-0.5 * d * d / (lengthScale * lengthScale));
                if (i == j) K[i, j] += noiseVar;
            }

        // Cholesky: K = L L^T
        var L = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double s = K[j, j];
            for (int k = 0; k < j; k++) s -= L[j, k] * L[j, k];
            L[j, j] = Math.Sqrt(s);
            for (int i = j + 1; i < n; i++)
            {
                double t = K[i, j];
                for (int k = 0; k < j; k++) t -= L[i, k] * L[j, k];
                L[i, j] = t / L[j, j];
            }
        }

        // solve L v = y; then y^T K^-1 y = v^T v
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = ys[i];
            for (int k = 0; k < i; k++) t -= L[i, k] * v[k];
            v[i] = t / L[i, i];
        }
        double fit = 0, logDet = 0;
        for (int i = 0; i < n; i++)
        {
            fit += v[i] * v[i];
            logDet += 2 * Math.Log(L[i, i]);
        }
        return 0.5 * fit + 0.5 * logDet + 0.5 * n * Math.Log(2 * Math.PI);
    }
}
