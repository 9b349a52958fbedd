namespace SourceAD.Tests.Programs;

/// <summary>
/// The GMM objective of ADBench/GradBench (evals/gmm), in plain C#, with GradBench's sign of the Wishart prior.
/// Parameters: alpha[k], mu[k·d], q[k·d] (log of the precision diagonals), l[k·d(d−1)/2] (strictly lower factors),
/// data x[n·d], and the Wishart (γ, m). Shared by the tests and the benchmarks.
/// </summary>
public static partial class Gmm
{
    [Differentiable]
    public static double Objective(double[] alpha, double[] mu, double[] q, double[] l, [NoDerivative] double[] x,
        int d, int k, int n, [NoDerivative] double gamma, int m)
    {
        int lsz = d * (d - 1) / 2;
        var qdiags = new double[d * k];
        var sumQs = new double[k];
        for (int i = 0; i < d * k; i++) qdiags[i] = Math.Exp(q[i]);
        for (int i = 0; i < k; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += q[i * d + j];
            sumQs[i] = s;
        }

        var xc = new double[d];
        var main = new double[k];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - mu[ik * d + id];
                // ‖Q·xc‖² with Q = diag(exp q) + strictly lower L, row by row: (Q·xc)_j = Qjj·xc_j + Σ_{i<j} L_ji·xc_i.
                double sq = 0;
                for (int j = 0; j < d; j++)
                {
                    double row = qdiags[ik * d + j] * xc[j];
                    for (int i = 0; i < j; i++)
                    {
                        // GradBench stores L column by column: entry (j, i) of column i sits at i·(2d − i − 1)/2 + (j − i − 1).
                        row += l[ik * lsz + i * (2 * d - i - 1) / 2 + j - i - 1] * xc[i];
                    }
                    sq += row * row;
                }
                main[ik] = alpha[ik] + sumQs[ik] - 0.5 * sq;
            }
            slse += LogSumExp(main);
        }

        double err = -n * d * 0.5 * Math.Log(2 * Math.PI) + slse - n * LogSumExp(alpha);

        // Wishart prior (GradBench's sign): −Σ_k (½γ²‖Q_k‖²_F − m·Σ q_k) + k·C.
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++) frobenius += qdiags[ik * d + j] * qdiags[ik * d + j];
            for (int j = 0; j < lsz; j++) frobenius += l[ik * lsz + j] * l[ik * lsz + j];
            prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
        }
        return err - prior + k * WishartConstant(d, gamma, m);
    }

    /// <summary>log Σ exp(xᵢ − max x) + max x; the shift is a max reduction (one active-set pullback, no per-entry tape).</summary>
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double mx = Nonsmooth.Max<double>(x);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - mx);
        return Math.Log(s) + mx;
    }

    /// <summary>C = n·d·(ln γ − ½ ln 2) − ln Γ_d(n/2), n = d + m + 1; a constant of the parameters.</summary>
    public static double WishartConstant(int d, double gamma, int m)
    {
        int n = d + m + 1;
        return n * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultiGamma(n, d);
    }

    /// <summary>ln Γ_p(a/2) for integer a: ¼p(p−1)·ln π + Σ_{j=1..p} ln Γ((a + 1 − j)/2), each argument a half-integer or integer.</summary>
    public static double LogMultiGamma(int a, int p)
    {
        double r = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++) r += LogGammaHalf(a + 1 - j);
        return r;
    }

    /// <summary>ln Γ(t/2) exactly for positive integer t: Γ(k) = (k−1)!, Γ(k + ½) = (2k)!·√π / (4^k·k!).</summary>
    public static double LogGammaHalf(int t)
    {
        if (t <= 0) throw new ArgumentOutOfRangeException(nameof(t), t, "Γ(t/2) needs t > 0.");
        double r = 0;
        if (t % 2 == 0)
        {
            for (int i = 2; i < t / 2; i++) r += Math.Log(i);
            return r;
        }
        int k = (t - 1) / 2;
        for (int i = k + 1; i <= 2 * k; i++) r += Math.Log(i);
        return r - k * Math.Log(4) + 0.5 * Math.Log(Math.PI);
    }
}
