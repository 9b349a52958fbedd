using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;

namespace SourceAD.Tests.Programs;

/// <summary>Array helpers lowered to loops: value oracle, finite differences, dot-product test, closed form.</summary>
public class ArrayHelperTests
{
    [Fact]
    public void CopyFillClear()
    {
        double[] v = { 0.4, -1.1, 0.9, 0.2, 1.3 };
        double[] g = Scalar(v,
            u => ArrayHelperPrograms.CopyFillClear(u[..4], u[4]),
            u => { var (value, dx, ds) = ArrayHelperPrograms.CopyFillClearGradient(u[..4], u[4]); return (value, Join(dx, new[] { ds })); },
            (u, t) => ArrayHelperPrograms.CopyFillClearPushforward(u[..4], u[4], t[..4], t[4]),
            (u, w, adj) => { double ds = 0; double value = ArrayHelperPrograms.CopyFillClearPullback(u[..4], u[4], w, adj.AsSpan(0, 4), ref ds); adj[4] += ds; return value; });
        // Closed form in the scale: the first loop sees sin(scale²)·x_i (i < n), the second loop scale²·n once
        // (copy[n−1] = scale), the third loop work[n−1]·x[n−1] = scale·x[n−1].
        double[] x = v[..4];
        double scale = v[4];
        double expected = 0;
        for (int i = 0; i < 4; i++) expected += Math.Cos(scale * scale) * 2 * scale * x[i];
        expected += 2 * scale * 4 + x[3];
        Numeric.Close(expected, g[4], 1e-12, 1e-14, "dscale");
    }
}
