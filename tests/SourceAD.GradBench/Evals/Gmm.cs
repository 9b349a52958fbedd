using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using static SourceAD.GradBench.Shared.AdbenchMatrix;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's gmm eval (cpp/gradbench/evals/gmm.hpp, from ADBench), line by line with its helpers.</summary>
public static partial class Gmm
{
    // template <typename T> T logsumexp(int n, const T* const x)
    [Differentiable]
    public static double logsumexp(int n, ReadOnlySpan<double> x)
    {
        double mx = arr_max(n, x);
        double semx = 0.0;
        for (int i = 0; i < n; i++)
        {
            semx = semx + Math.Exp(x[i] - mx);
        }
        return Math.Log(semx) + mx;
    }

    // template <typename T> T log_wishart_prior(int d, int k, const Wishart wishart, const T* const sum_qs,
    //                                           const T* const Qdiags, const T* const l)
    // The Wishart prior is data: [NoDerivative], as x (gap G4, README "Gaps").
    [Differentiable]
    public static double log_wishart_prior(int d, int k, [NoDerivative] Wishart wishart, ReadOnlySpan<double> sum_qs,
                                           ReadOnlySpan<double> Qdiags, ReadOnlySpan<double> l)
    {
        int n = d + wishart.m + 1;
        int l_sz = d * (d - 1) / 2;

        double C = n * d * (Math.Log(wishart.gamma) - 0.5 * Math.Log(2)) -
                   log_gamma_distrib(0.5 * n, d);

        double @out = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = sqnorm(d, Qdiags.Slice(ik * d)) + sqnorm(l_sz, l.Slice(ik * l_sz));
            @out += 0.5 * wishart.gamma * wishart.gamma * frobenius -
                    wishart.m * sum_qs[ik];
        }

        return -@out + k * C;
    }

    // template <typename T> void Qtimesx(int d, const T* const Qdiag, const T* const ltri, const T* const x, T* out)
    [Differentiable]
    public static void Qtimesx(int d, ReadOnlySpan<double> Qdiag,
                               ReadOnlySpan<double> ltri, // strictly lower triangular part
                               ReadOnlySpan<double> x, Span<double> @out)
    {
        for (int id = 0; id < d; id++)
        {
            @out[id] = Qdiag[id] * x[id];
        }

        int Lparamsidx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                @out[j] = @out[j] + ltri[Lparamsidx] * x[i];
                Lparamsidx++;
            }
        }
    }

    // template <typename T> void objective(int d, int k, int n, const T* const alpha, const T* const mu,
    //     const T* const q, const T* const l, const double* const x, Wishart wishart, T* err)
    [Differentiable]
    public static void objective(int d, int k, int n, ReadOnlySpan<double> alpha,
                                 ReadOnlySpan<double> mu, ReadOnlySpan<double> q,
                                 ReadOnlySpan<double> l,
                                 [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] Wishart wishart,
                                 Span<double> err)
    {
        double CONSTANT = -n * d * 0.5 * Math.Log(2 * Math.PI);
        int l_sz = d * (d - 1) / 2;

        double[] Qdiags = new double[d * k];
        double[] sum_qs = new double[k];

        for (int i = 0; i < d * k; i++)
        {
            Qdiags[i] = Math.Exp(q[i]);
        }
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < d; j++)
            {
                sum_qs[i] += q[i * d + j];
            }
        }

        double[] xcentered = new double[d];
        double[] Qxcentered = new double[d];
        double[] main_term = new double[k];
        double slse = 0.0;

        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                subtract(d, x.Slice(ix * d), mu.Slice(ik * d), xcentered);
                Qtimesx(d, Qdiags.AsSpan(ik * d), l.Slice(ik * l_sz), xcentered, Qxcentered);

                main_term[ik] = alpha[ik] + sum_qs[ik] - 0.5 * sqnorm(d, Qxcentered);
            }
            double lsum = logsumexp(k, main_term);
            slse += lsum;
        }

        double lse_alpha = logsumexp(k, alpha);

        err[0] = CONSTANT + slse - n * lse_alpha;

        double ws = log_wishart_prior(d, k, wishart, sum_qs, Qdiags, l);

        err[0] = err[0] + ws;
    }
}

/// <summary>
/// The gmm module: "objective" and "jacobian" (the gradient of the objective: one pullback with seed 1), with
/// GradBench's input layout (mu, q, l given per component, flattened as the C++ from_json does).
/// </summary>
public sealed class GmmEval : IEval
{
    /// <inheritdoc/>
    public string Name => "gmm";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        int d = JsonInput.Int(JsonInput.Field(input, "d"));
        int k = JsonInput.Int(JsonInput.Field(input, "k"));
        int n = JsonInput.Int(JsonInput.Field(input, "n"));
        double[] alpha = JsonInput.Doubles(JsonInput.Field(input, "alpha"));
        double[] mu = JsonInput.Flat(JsonInput.Field(input, "mu"));
        double[] q = JsonInput.Flat(JsonInput.Field(input, "q"));
        double[] l = JsonInput.Flat(JsonInput.Field(input, "l"));
        double[] x = JsonInput.Flat(JsonInput.Field(input, "x"));
        var wishart = new Wishart
        {
            gamma = JsonInput.Double(JsonInput.Field(input, "gamma")),
            m = JsonInput.Int(JsonInput.Field(input, "m")),
        };
        int lsz = d * (d - 1) / 2;
        if (d < 2 || k < 1 || n < 1 || alpha.Length != k || mu.Length != k * d || q.Length != k * d
            || l.Length != k * lsz || x.Length != n * d)
            throw new FormatException("gmm input sizes do not match d, k and n");
        var err = new double[1];
        switch (function)
        {
            case "objective":
                return new EvalRun(() => Gmm.objective(d, k, n, alpha, mu, q, l, x, wishart, err), () => err[0]);
            case "jacobian":
                var seed = new double[] { 1 };
                var dalpha = new double[alpha.Length];
                var dmu = new double[mu.Length];
                var dq = new double[q.Length];
                var dl = new double[l.Length];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dalpha);
                        Array.Clear(dmu);
                        Array.Clear(dq);
                        Array.Clear(dl);
                        Gmm.objectivePullback(d, k, n, alpha, mu, q, l, x, wishart, err, seed, dalpha, dmu, dq, dl);
                    },
                    () => new JsonObject
                    {
                        ["mu"] = JsonInput.Rows(dmu, k, d),
                        ["q"] = JsonInput.Rows(dq, k, d),
                        ["l"] = JsonInput.Rows(dl, k, lsz),
                        ["alpha"] = JsonInput.Array(dalpha),
                    });
            default:
                return null;
        }
    }
}
