using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs;

/// <summary>GradBench's GMM ported line by line (<see cref="GmmFaithful"/>) against the rewritten one and the oracles.</summary>
public class GmmFaithfulTests
{
    [Theory]
    [InlineData(2, 3, 6)]
    [InlineData(4, 2, 5)]
    [InlineData(5, 3, 4)]
    public void AgreesWithTheRewrittenGmmAndTheOracles(int d, int k, int n)
    {
        var rng = new Random(d * 100 + k);
        int lsz = d * (d - 1) / 2;
        double[] alpha = Numeric.Random(rng, k), mu = Numeric.Random(rng, k * d), q = Numeric.Random(rng, k * d, 0.3),
            l = Numeric.Random(rng, k * lsz, 0.5), x = Numeric.Random(rng, n * d, 2);
        const double gamma = 1.0;
        const int m = 0;
        int a = k, b = k + k * d, c = k + 2 * k * d;
        double[] all = alpha.Concat(mu).Concat(q).Concat(l).ToArray();

        double[] g = DerivativeOracles.Scalar(all,
            v => GmmFaithful.Objective(d, k, n, v[..a], v[a..b], v[b..c], v[c..], x, gamma, m),
            v => { var r = GmmFaithful.ObjectiveGradient(d, k, n, v[..a], v[a..b], v[b..c], v[c..], x, gamma, m); return (r.Value, DerivativeOracles.Join(r.DAlpha, r.DMu, r.DQ, r.DL)); },
            (v, u) => GmmFaithful.ObjectivePushforward(d, k, n, v[..a], v[a..b], v[b..c], v[c..], x, gamma, m, u[..a], u[a..b], u[b..c], u[c..]),
            (v, w, adj) => GmmFaithful.ObjectivePullback(d, k, n, v[..a], v[a..b], v[b..c], v[c..], x, gamma, m, w,
                adj.AsSpan(0, a), adj.AsSpan(a, b - a), adj.AsSpan(b, c - b), adj.AsSpan(c)),
            fdRelative: 1e-5, fdAbsolute: 1e-6);

        // The same function as the rewritten GMM (independently written): value and gradient agree to rounding.
        var rewritten = Gmm.ObjectiveGradient(alpha, mu, q, l, x, d, k, n, gamma, m);
        Numeric.Close(rewritten.Value, GmmFaithful.Objective(d, k, n, alpha, mu, q, l, x, gamma, m), 1e-12, 1e-12);
        Numeric.Close(DerivativeOracles.Join(rewritten.DAlpha, rewritten.DMu, rewritten.DQ, rewritten.DL), g, 1e-10, 1e-11);
    }
}
