using SourceAD.Tests.Programs;
using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.SecondOrder;

/// <summary>
/// The GMM objective's Hessian-vector product (its Wishart constant is a passive call of the [NoDerivative] γ, which the
/// dual sweep gives γ's value): H·v against central differences of the generated gradient along v, the symmetry test
/// ⟨u, H v⟩ = ⟨H u, v⟩, and the value and gradient parts against the objective and FGradient.
/// </summary>
public sealed class GmmHessianTests
{
    [Theory]
    [InlineData(2, 3, 6)]
    [InlineData(3, 2, 4)]
    public void HessianVectorProductMatchesGradientDifferencesAndIsSymmetric(int d, int k, int n)
    {
        var rng = new Random(d * 100 + k + 7);
        int lsz = d * (d - 1) / 2, p = k + 2 * k * d + k * lsz;
        double[] alpha = Numeric.Random(rng, k), mu = Numeric.Random(rng, k * d), q = Numeric.Random(rng, k * d, 0.3),
            l = Numeric.Random(rng, k * lsz, 0.5), x = Numeric.Random(rng, n * d, 2);
        double[] all = alpha.Concat(mu).Concat(q).Concat(l).ToArray();
        double[] Gradient(double[] v)
        {
            var g = Gmm.ObjectiveGradient(v[..k], v[k..(k + k * d)], v[(k + k * d)..(k + 2 * k * d)], v[(k + 2 * k * d)..], x, d, k, n, 1.5, 1);
            return g.DAlpha.Concat(g.DMu).Concat(g.DQ).Concat(g.DL).ToArray();
        }
        double[] Hv(double[] v)
        {
            var h = Gmm.ObjectiveHessianVectorProduct(alpha, mu, q, l, x, d, k, n, 1.5, 1,
                v[..k], v[k..(k + k * d)], v[(k + k * d)..(k + 2 * k * d)], v[(k + 2 * k * d)..]);
            Assert.Equal(Gmm.Objective(alpha, mu, q, l, x, d, k, n, 1.5, 1), h.Value);
            Numeric.Close(Gradient(all), h.DAlpha.Concat(h.DMu).Concat(h.DQ).Concat(h.DL).ToArray(), 1e-12, 1e-12);
            return h.HAlpha.Concat(h.HMu).Concat(h.HQ).Concat(h.HL).ToArray();
        }

        double[] u = Numeric.Random(rng, p), w = Numeric.Random(rng, p);
        double[] hu = Hv(u), hw = Hv(w);
        const double step = 1e-5;
        double[] plus = all.Zip(u, (a, b) => a + step * b).ToArray(), minus = all.Zip(u, (a, b) => a - step * b).ToArray();
        double[] fd = Gradient(plus).Zip(Gradient(minus), (a, b) => (a - b) / (2 * step)).ToArray();
        Numeric.Close(fd, hu, 1e-5, 1e-5);
        Numeric.Close(Numeric.Dot(u, hw), Numeric.Dot(hu, w), 1e-10, 1e-10);
    }
}
