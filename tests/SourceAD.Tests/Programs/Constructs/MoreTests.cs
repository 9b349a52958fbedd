using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class MoreTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    public void FixedPointWithIncrementInTheLoopCondition(double a)
    {
        double x = MorePrograms.FixedPointCosine(a);
        // Closed form at the fixed point x = 0.9 cos x + 0.1 a: dx/da = 0.1 / (1 + 0.9 sin x).
        var (value, da) = MorePrograms.FixedPointCosineGradient(a);
        Check.Same(x, value, "Gradient");
        Numeric.Close(0.1 / (1 + 0.9 * Math.Sin(x)), da, 1e-9, 1e-12, "closed form");
        Numeric.Close(da, MorePrograms.FixedPointCosinePushforward(a, 1).Tangent, 1e-12, 1e-14);
        Numeric.Close(Numeric.Gradient(v => MorePrograms.FixedPointCosine(v[0]), new[] { a }), new[] { da }, 1e-6, 1e-8);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(3.5)]
    [InlineData(10.25)]
    public void LanczosTable(double z)
    {
        var (value, dz) = MorePrograms.LogGammaGradient(z);
        Check.Same(MorePrograms.LogGamma(z), value, "Gradient");
        Check.Same(MorePrograms.LogGamma(z), MorePrograms.LogGammaPushforward(z, 1).Value, "Pushforward");
        // Closed form: ψ(z) by the recurrence up to z ≥ 6 and its asymptotic series.
        double w = z, psi = 0;
        while (w < 6) { psi -= 1 / w; w += 1; }
        psi += Math.Log(w) - 1 / (2 * w) - 1 / (12 * w * w) + 1 / (120 * Math.Pow(w, 4)) - 1 / (252 * Math.Pow(w, 6));
        // The program approximates ln Γ (to ~1e-15), and its derivative approximates ψ less closely (~2e-8 here).
        Numeric.Close(psi, dz, 1e-7, 1e-9, "digamma");
        Numeric.Close(Numeric.Gradient(v => MorePrograms.LogGamma(v[0]), new[] { z }), new[] { dz }, 1e-7, 1e-9, "finite differences");
        Numeric.Close(dz, MorePrograms.LogGammaPushforward(z, 1).Tangent, 1e-13, 1e-15);
    }

    [Fact]
    public void InstanceArrayFieldReadAsData()
    {
        double[] k = { 2.0, 0.5, 3.0 };
        var chain = new MorePrograms(k);
        double[] p = { 0.1, 1.3, 2.0, 3.4 };
        var expected = new double[p.Length];
        for (int i = 0; i + 1 < p.Length; i++)
        {
            double stretch = p[i + 1] - p[i] - 1;
            expected[i] -= k[i] * stretch;
            expected[i + 1] += k[i] * stretch;
        }
        Check.Array(chain.ChainEnergy, chain.ChainEnergyGradient, chain.ChainEnergyPushforward, chain.ChainEnergyPullback, p, expected);
    }

    [Fact]
    public void StaticTablePassedToAHelper()
    {
        double[] x = { 1.25, 0.5, -0.75 };
        double[] w = { 0.5, -1.5, 2.0 };
        double d = Numeric.Dot(x, w);
        Check.Array(MorePrograms.TableDot, MorePrograms.TableDotGradient, MorePrograms.TableDotPushforward, MorePrograms.TableDotPullback, x,
            w.Select(v => 2 * d * v).ToArray());
    }

    [Theory]
    [InlineData(0.7f, 1.2f)]
    [InlineData(-0.4f, -0.9f)]
    public void FloatConstructs(float x, float y)
    {
        var (value, dx, dy) = MorePrograms.SinglePrecisionGradient(x, y);
        Assert.Equal(MorePrograms.SinglePrecision(x, y), value);
        Assert.Equal(value, MorePrograms.SinglePrecisionPushforward(x, y, 0, 0).Value);
        // Closed form: with k = (y < 0 ? -1 : 2), value = (k y)² + sin x cos x · x.
        double k = y < 0 ? -1 : 2;
        double s = Math.Sin(x), c = Math.Cos(x);
        Numeric.Close(s * c + x * (c * c - s * s), dx, 1e-5, 1e-6);
        Numeric.Close(2 * k * k * y, dy, 1e-5, 1e-6);
        Numeric.Close(dx, MorePrograms.SinglePrecisionPushforward(x, y, 1, 0).Tangent, 1e-5, 1e-6);
        Numeric.Close(dy, MorePrograms.SinglePrecisionPushforward(x, y, 0, 1).Tangent, 1e-5, 1e-6);
    }

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-0.4, -0.9)]
    public void GenericConstructs(double x, double y)
    {
        Check.Two(MorePrograms.Generic, MorePrograms.GenericGradient, MorePrograms.GenericPushforward, MorePrograms.GenericPullback, x, y,
            new[] { 2 * x + 1 * (Math.Cos(x) * Math.Cos(x) - Math.Sin(x) * Math.Sin(x)) * y + Math.Sign(x), 2 * y + Math.Sin(x) * Math.Cos(x) });
    }
}
