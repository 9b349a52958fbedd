using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;
using S = SourceAD.Tests.Programs.SlicePrograms;

namespace SourceAD.Tests.Programs;

/// <summary>Slices passed to helpers and read in place: value oracle, finite differences, dot-product test, closed forms.</summary>
public class SliceTests
{
    [Fact]
    public void MixtureWithMeanSlices()
    {
        const int d = 3, k = 4;
        var rng = new Random(21);
        double[] v = Numeric.Random(rng, d + k * d + k);
        double[] g = Scalar(v,
            u => S.MixtureDensity(u[..d], u[d..(d + k * d)], u[(d + k * d)..]),
            u => { var (value, dx, dm, dw) = S.MixtureDensityGradient(u[..d], u[d..(d + k * d)], u[(d + k * d)..]); return (value, Join(dx, dm, dw)); },
            (u, t) => S.MixtureDensityPushforward(u[..d], u[d..(d + k * d)], u[(d + k * d)..], t[..d], t[d..(d + k * d)], t[(d + k * d)..]),
            (u, w, adj) => S.MixtureDensityPullback(u[..d], u[d..(d + k * d)], u[(d + k * d)..], w, adj.AsSpan(0, d), adj.AsSpan(d, k * d), adj.AsSpan(d + k * d, k)));
        // Closed form: ∂/∂μ_k = w_k·e_k·(x − μ_k), ∂/∂w_k = e_k with e_k = exp(−½‖x − μ_k‖²).
        for (int c = 0; c < k; c++)
        {
            double q = 0;
            for (int i = 0; i < d; i++) q += (v[i] - v[d + c * d + i]) * (v[i] - v[d + c * d + i]);
            double e = Math.Exp(-0.5 * q), weight = v[d + k * d + c];
            Numeric.Close(e, g[d + k * d + c], 1e-13, 1e-15, $"dw[{c}]");
            for (int i = 0; i < d; i++) Numeric.Close(weight * e * (v[i] - v[d + c * d + i]), g[d + c * d + i], 1e-12, 1e-15, $"dmu[{c},{i}]");
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void RangesSlicesAndSpanLocals(int n)
    {
        double[] x = Numeric.Random(new Random(n), n);
        Scalar(x,
            u => S.Halves(u),
            u => S.HalvesGradient(u),
            (u, t) => S.HalvesPushforward(u, t),
            (u, w, adj) => S.HalvesPullback(u, w, adj));
    }

    [Fact]
    public void OutputSlicesOfAVectorHelper()
    {
        double[] x = Numeric.Random(new Random(2), 12);
        Vector(x, 6,
            (v, y) => S.CrossBlocks(v[..6], v[6..], y),
            (v, u, y, dy) => S.CrossBlocksPushforward(v[..6], v[6..], y, u[..6], u[6..], dy),
            (v, w, y, adj) =>
            {
                // The blocks are not provably all of y, so y is in-out; here they are, so its entry adjoint is zero.
                var dyIn = new double[6];
                S.CrossBlocksPullback(v[..6], v[6..], y, w, adj.AsSpan(0, 6), adj.AsSpan(6, 6), dyIn);
                Assert.All(dyIn, d => Assert.Equal(0.0, d));
            });
        // Closed form: block k of y is a_k × b_k, so ∂y_k/∂b_k = [a_k]×.
        double[,] j = S.CrossBlocksJacobian(x[..6], x[6..], new double[6]);
        for (int k = 0; k < 2; k++)
        {
            double[] a = x[(3 * k)..(3 * k + 3)];
            double[,] ax = { { 0, -a[2], a[1] }, { a[2], 0, -a[0] }, { -a[1], a[0], 0 } };
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) Numeric.Close(ax[r, c], j[3 * k + r, 6 + 3 * k + c], 1e-15, 1e-15, $"J[{3 * k + r},{6 + 3 * k + c}]");
        }
    }
}
