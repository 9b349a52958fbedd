namespace SourceAD.Tests.Programs;

/// <summary>
/// GradBench's GMM objective (cpp/gradbench/evals/gmm.hpp and adbench/shared/matrix.h), ported line by line: the same
/// helpers (arr_max, sqnorm, subtract, Qtimesx, logsumexp, log_wishart_prior), the same loops, and Qtimesx's in-place
/// <c>out[j] = out[j] + ltri[Lparamsidx] * x[i]</c>. C++ pointers into arrays (<c>&amp;x[ix * d]</c>) are
/// <c>AsSpan</c> slices; <c>*err</c> is the return value. <see cref="Gmm.Objective"/> is the same function rewritten to
/// accumulate rows in scalars; the two are compared in the tests and benchmarked side by side.
/// </summary>
public static partial class GmmFaithful
{
    [Differentiable]
    public static double ArrMax(int n, ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, x[i]);
        }
        return m;
    }

    [Differentiable]
    public static double Sqnorm(int n, ReadOnlySpan<double> x)
    {
        double res = x[0] * x[0];
        for (int i = 1; i < n; i++)
            res = res + x[i] * x[i];
        return res;
    }

    /// <summary>out = x − y.</summary>
    [Differentiable]
    public static void Subtract(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        for (int id = 0; id < d; id++)
        {
            output[id] = x[id] - y[id];
        }
    }

    [Differentiable]
    public static double Logsumexp(int n, ReadOnlySpan<double> x)
    {
        double mx = ArrMax(n, x);
        double semx = 0.0;
        for (int i = 0; i < n; i++)
        {
            semx = semx + Math.Exp(x[i] - mx);
        }
        return Math.Log(semx) + mx;
    }

    /// <summary>ln Γ_p(a) = ¼p(p−1)·ln π + Σ_{j=1..p} ln Γ(a + ½(1 − j)), for a half-integer a (here a = n/2).</summary>
    public static double LogGammaDistrib(double a, double p)
    {
        double output = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            // C++'s lgamma; its argument a + ½(1 − j) is t/2 for the integer t = 2a + 1 − j.
            output = output + Gmm.LogGammaHalf((int)(2 * a) + 1 - j);
        }
        return output;
    }

    [Differentiable]
    public static double LogWishartPrior(int d, int k, [NoDerivative] double wishartGamma, int wishartM,
        ReadOnlySpan<double> sumQs, ReadOnlySpan<double> qdiags, ReadOnlySpan<double> l)
    {
        int n = d + wishartM + 1;
        int lsz = d * (d - 1) / 2;

        double c = n * d * (Math.Log(wishartGamma) - 0.5 * Math.Log(2)) - LogGammaDistrib(0.5 * n, d);

        double output = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = Sqnorm(d, qdiags.Slice(ik * d, d)) + Sqnorm(lsz, l.Slice(ik * lsz, lsz));
            output += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }

        return -output + k * c;
    }

    [Differentiable]
    public static void Qtimesx(int d, ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int id = 0; id < d; id++)
        {
            output[id] = qdiag[id] * x[id];
        }

        int lparamsidx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                output[j] = output[j] + ltri[lparamsidx] * x[i];
                lparamsidx++;
            }
        }
    }

    [Differentiable]
    public static double Objective(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l,
        [NoDerivative] double[] x, [NoDerivative] double wishartGamma, int wishartM)
    {
        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        int lsz = d * (d - 1) / 2;

        var qdiags = new double[d * k];
        var sumQs = new double[k];

        for (int i = 0; i < d * k; i++)
        {
            qdiags[i] = Math.Exp(q[i]);
        }
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < d; j++)
            {
                sumQs[i] += q[i * d + j];
            }
        }

        var xcentered = new double[d];
        var qxcentered = new double[d];
        var mainTerm = new double[k];
        double slse = 0.0;

        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                Subtract(d, x.AsSpan(ix * d, d), mu.AsSpan(ik * d, d), xcentered);
                Qtimesx(d, qdiags.AsSpan(ik * d, d), l.AsSpan(ik * lsz, lsz), xcentered, qxcentered);

                mainTerm[ik] = alpha[ik] + sumQs[ik] - 0.5 * Sqnorm(d, qxcentered);
            }
            double lsum = Logsumexp(k, mainTerm);
            slse += lsum;
        }

        double lseAlpha = Logsumexp(k, alpha);

        double err = constant + slse - n * lseAlpha;

        double ws = LogWishartPrior(d, k, wishartGamma, wishartM, sumQs, qdiags, l);

        err = err + ws;
        return err;
    }
}
