using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;
using T = SourceAD.Tests.Programs.TbrPrograms;

namespace SourceAD.Tests.Programs;

/// <summary>The to-be-recorded programs (<see cref="TbrPrograms"/>) under the four oracles.</summary>
public class TbrTests
{
    private static double[] Input(int n, int seed) => Numeric.Random(new Random(seed), n);

    [Fact]
    public void RewriteThenAccumulate() => Scalar(Input(5, 1), T.RewriteThenAccumulate,
        v => { var (value, d) = T.RewriteThenAccumulateGradient(v); return (value, d); },
        (v, u) => T.RewriteThenAccumulatePushforward(v, u),
        (v, w, adj) => T.RewriteThenAccumulatePullback(v, w, adj));

    [Fact]
    public void IncrementAfterNonlinearRead() => Scalar(Input(4, 2), T.IncrementAfterNonlinearRead,
        v => { var (value, d) = T.IncrementAfterNonlinearReadGradient(v); return (value, d); },
        (v, u) => T.IncrementAfterNonlinearReadPushforward(v, u),
        (v, w, adj) => T.IncrementAfterNonlinearReadPullback(v, w, adj));

    [Fact]
    public void PartialRewrite() => Scalar(Input(4, 3), T.PartialRewrite,
        v => { var (value, d) = T.PartialRewriteGradient(v); return (value, d); },
        (v, u) => T.PartialRewritePushforward(v, u),
        (v, w, adj) => T.PartialRewritePullback(v, w, adj));

    [Fact]
    public void ReadInsideRewrite() => Scalar(Input(4, 4), T.ReadInsideRewrite,
        v => { var (value, d) = T.ReadInsideRewriteGradient(v); return (value, d); },
        (v, u) => T.ReadInsideRewritePushforward(v, u),
        (v, w, adj) => T.ReadInsideRewritePullback(v, w, adj));

    [Fact]
    public void InvertedIndices()
    {
        const int n = 4, m = n * (n + 1) / 2;
        Scalar(Input(n + m, 5),
            v => T.InvertedIndices(v[..n], v[n..]),
            v => { var (value, dx, dw) = T.InvertedIndicesGradient(v[..n], v[n..]); return (value, Join(dx, dw)); },
            (v, u) => T.InvertedIndicesPushforward(v[..n], v[n..], u[..n], u[n..]),
            (v, w, adj) => T.InvertedIndicesPullback(v[..n], v[n..], w, adj.AsSpan(0, n), adj.AsSpan(n)));
    }
}
