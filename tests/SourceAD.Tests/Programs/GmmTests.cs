using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs;

public class GmmTests
{
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(7)] [InlineData(10)]
    public void LogGammaHalfIsExact(int t)
    {
        // Γ(t/2) from the recurrence Γ(z + 1) = zΓ(z), Γ(½) = √π, Γ(1) = 1, computed independently.
        double g = t % 2 == 0 ? 1 : Math.Sqrt(Math.PI);
        for (double z = t % 2 == 0 ? 1 : 0.5; z < t / 2.0; z++) g *= z;
        Numeric.Close(Math.Log(g), Gmm.LogGammaHalf(t), 1e-14, 1e-15);
    }

    [Theory]
    [InlineData(2, 3, 6)]
    [InlineData(4, 2, 5)]
    public void GradientMatchesFiniteDifferencesAndForwardMode(int d, int k, int n)
    {
        var rng = new Random(d * 100 + k);
        int lsz = d * (d - 1) / 2;
        double[] alpha = Numeric.Random(rng, k), mu = Numeric.Random(rng, k * d), q = Numeric.Random(rng, k * d, 0.3),
            l = Numeric.Random(rng, k * lsz, 0.5), x = Numeric.Random(rng, n * d, 2);
        var g = Gmm.ObjectiveGradient(alpha, mu, q, l, x, d, k, n, 1.0, 0);
        double[] all = alpha.Concat(mu).Concat(q).Concat(l).ToArray();
        double[] grad = g.DAlpha.Concat(g.DMu).Concat(g.DQ).Concat(g.DL).ToArray();
        double F(double[] v) => Gmm.Objective(v[..k], v[k..(k + k * d)], v[(k + k * d)..(k + 2 * k * d)], v[(k + 2 * k * d)..], x, d, k, n, 1.0, 0);
        Assert.Equal(F(all), g.Value);
        Numeric.Close(Numeric.Gradient(F, all), grad, 1e-6, 1e-6);
        // Forward mode along a random direction equals ⟨∇f, u⟩.
        double[] u = Numeric.Random(rng, all.Length);
        var (_, tangent) = Gmm.ObjectivePushforward(alpha, mu, q, l, x, d, k, n, 1.0, 0,
            u[..k], u[k..(k + k * d)], u[(k + k * d)..(k + 2 * k * d)], u[(k + 2 * k * d)..]);
        Numeric.Close(Numeric.Dot(grad, u), tangent, 1e-10, 1e-12);
    }
}
