// entry: Mixtures.GaussianMixture.LogLikelihood
// args: 2, 2, 3, new double[] { 0.1, -0.3 }, new double[] { 0.5, -0.2, 1.0, 0.3 }, new double[] { 0.2, -0.1, 0.05, 0.3 }, new double[] { 0.4, -0.6 }, new double[] { 0.3, 0.1, -0.5, 0.8, 1.2, -0.4 }
// expect: works
using System;
using SourceAD;

namespace Mixtures;

/// <summary>A Gaussian mixture's log-likelihood written the way GradBench's gmm is: small helpers called per point and component.</summary>
public static partial class GaussianMixture
{
    [Differentiable]
    public static double ArrMax(int n, ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < n; i++) m = Math.Max(m, x[i]);
        return m;
    }

    [Differentiable]
    public static double LogSumExp(int n, ReadOnlySpan<double> x)
    {
        double mx = ArrMax(n, x);
        double s = 0.0;
        for (int i = 0; i < n; i++) s = s + Math.Exp(x[i] - mx);
        return Math.Log(s) + mx;
    }

    [Differentiable]
    public static double SqNorm(int n, ReadOnlySpan<double> x)
    {
        double r = x[0] * x[0];
        for (int i = 1; i < n; i++) r = r + x[i] * x[i];
        return r;
    }

    [Differentiable]
    public static void Subtract(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        for (int i = 0; i < d; i++) output[i] = x[i] - y[i];
    }

    /// <summary>(diag(qdiag) + strictly lower ltri)·x.</summary>
    [Differentiable]
    public static void QTimesX(int d, ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int i = 0; i < d; i++) output[i] = qdiag[i] * x[i];
        int li = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                output[j] += ltri[li] * x[i];
                li++;
            }
        }
    }

    [Differentiable]
    public static double LogLikelihood(int d, int k, int n, ReadOnlySpan<double> alpha, ReadOnlySpan<double> mu, ReadOnlySpan<double> q,
                                       ReadOnlySpan<double> l, [NoDerivative] ReadOnlySpan<double> x)
    {
        int lsz = d * (d - 1) / 2;
        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        for (int i = 0; i < d * k; i++) qdiags[i] = Math.Exp(q[i]);
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < d; j++) sumQs[i] += q[i * d + j];
        }
        double[] centered = new double[d];
        double[] scaled = new double[d];
        double[] terms = new double[k];
        double total = 0.0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                Subtract(d, x.Slice(ix * d), mu.Slice(ik * d), centered);
                QTimesX(d, qdiags.AsSpan(ik * d), l.Slice(ik * lsz), centered, scaled);
                terms[ik] = alpha[ik] + sumQs[ik] - 0.5 * SqNorm(d, scaled);
            }
            total += LogSumExp(k, terms);
        }
        return total - n * LogSumExp(k, alpha);
    }
}
