using SourceAD.Tests.Support;
using Xunit;
using Xunit.Abstractions;
// The zero programs live once, in the sample that reproduces the thesis tables with them.
using ZeroPrograms = NonsmoothReliability.ZeroPrograms;

namespace SourceAD.Tests.Policies;

/// <summary>Nonsmooth policies through generated code: exact Clarke (or conservative) elements at ties, identical bits away from them.</summary>
public class PolicyTests(ITestOutputHelper output)
{
    [Fact]
    public void BinaryMaxAtATieReturnsEachPolicysElement()
    {
        Assert.Equal((1.0, 0.0), Grad(PolicyPrograms.MaxNativeGradient(2, 2)));
        Assert.Equal((0.5, 0.5), Grad(PolicyPrograms.MaxMinimalGradient(2, 2)));
        // Hybrid(β) = (1 − β)·(1, 0) + β·(½, ½).
        Assert.Equal((1 - 0.3 + 0.15, 0.15), Grad(PolicyPrograms.MaxHybridGradient(2, 2)));
        Assert.Equal((1 - 2 + 1.0, 1.0), Grad(PolicyPrograms.MaxHybridConservativeGradient(2, 2)));
        Assert.Throws<NonsmoothPointException>(() => PolicyPrograms.MaxStrictGradient(2, 2));
        var (_, da, db) = PolicyPrograms.MinNativeFloatGradient(1.5f, 1.5f);
        Assert.Equal((1f, 0f), (da, db));
        Assert.Equal((1.0, 0.0), Grad(PolicyPrograms.GenericMaxGradient(3.0, 3.0)));
        Assert.Equal((Half)1, PolicyPrograms.GenericMaxGradient((Half)3, (Half)3).DA);
        // Forward mode uses the same element: the JVP along (1, 1) is the sum of the shares.
        Assert.Equal(1.0, PolicyPrograms.MaxHybridPushforward(2, 2, 1, 1).Tangent, 15);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-0.5, 3.0)]
    [InlineData(1e-300, -1e-300)]
    public void AwayFromTiesAllPoliciesAgreeBitwise(double a, double b)
    {
        var expected = Grad(PolicyPrograms.MaxNativeGradient(a, b));
        Assert.Equal(expected, Grad(PolicyPrograms.MaxMinimalGradient(a, b)));
        Assert.Equal(expected, Grad(PolicyPrograms.MaxHybridGradient(a, b)));
        Assert.Equal(expected, Grad(PolicyPrograms.MaxHybridConservativeGradient(a, b)));
        Assert.Equal(expected, Grad(PolicyPrograms.MaxStrictGradient(a, b)));
        Assert.Equal(PolicyPrograms.AbsDefaultGradient(a).DX, PolicyPrograms.AbsJaxGradient(a).DX);
        Assert.Equal(PolicyPrograms.ReluDefaultGradient(a).DX, PolicyPrograms.ReluSevenGradient(a).DX);
    }

    [Fact]
    public void KinksAtZeroFollowThePolicy()
    {
        Assert.Equal(0.0, PolicyPrograms.AbsDefaultGradient(0).DX);   // PyTorch: sign(0) = 0
        Assert.Equal(1.0, PolicyPrograms.AbsJaxGradient(0).DX);       // JAX: +1
        Assert.Equal(0.25, PolicyPrograms.AbsQuarterGradient(0).DX);
        Assert.Equal(0.0, PolicyPrograms.ReluDefaultGradient(0).DX);  // PyTorch: relu'(0) = 0
        Assert.Equal(0.7, PolicyPrograms.ReluSevenGradient(0).DX);
        // Leaky ReLU at 0: slope + s·(1 − slope) with s = ReLU'(0) = 0.5.
        Assert.Equal(0.1 + 0.5 * 0.9, PolicyPrograms.LeakyHalfGradient(0, 0.1).DX, 15);
        Assert.Equal(0.1, PolicyPrograms.LeakyHalfGradient(-2, 0.1).DX);
        // Clamp at its lower bound: Max(x, lo) tie, Minimal.
        var (_, dx, dlo, dhi) = PolicyPrograms.ClampMinimalGradient(-1, -1, 1);
        Assert.Equal((0.5, 0.5, 0.0), (dx, dlo, dhi));
    }

    [Fact]
    public void MaxReductionSharesOverTheActiveSet()
    {
        double[] v = { 1, 3, 2, 3, 3 };
        var (value, dv) = PolicyPrograms.ReductionHybridGradient(v);
        Assert.Equal(3, value);
        // Hybrid(½) over 3 tied entries: first (1 − ½) + ½·⅓, others ½·⅓; non-maximal entries 0.
        Numeric.Close(new[] { 0, 0.5 + 0.5 / 3, 0, 0.5 / 3, 0.5 / 3 }, dv, 1e-15, 1e-16);
        Assert.Equal(1.0, dv.Sum(), 14);
        Assert.Throws<NonsmoothPointException>(() => PolicyPrograms.ReductionStrictGradient(v));
        Assert.Equal(1.0, PolicyPrograms.ReductionStrictGradient(new double[] { 1, 4, 2 }).DV[1]);
    }

    private static readonly float[] Ts = { -1e-3f, -1e-2f, -1e-1f, 0f, 10f, 100f, 1000f };

    [Fact]
    public void Table31ZeroProgramWithDistinctEntries()
    {
        float[] x = { 1, 2, 3, 4 };
        foreach (float t in Ts)
        {
            float d = ZeroPrograms.ZeroGradient(t, x).DT;
            output.WriteLine($"float32 x=(1,2,3,4) t={t}: zero'(t) = {d:R}");
            // Bifurcation: at t = 0 all four entries tie; Native gives x₁ = 1, Minimal gives mean(x) = 2.5.
            Assert.Equal(t == 0 ? -1.5f : 0f, d);
            Assert.Equal(t == 0 ? -1.5 : 0.0, ZeroPrograms.ZeroGradient((double)t, x.Select(v => (double)v).ToArray()).DT);
        }
    }

    [Fact]
    public void Table31ZeroProgramWithEqualEntriesShowsCompensationError()
    {
        // Every t is a tie: Native gives 1.4, Minimal gives 4·(¼·1.4) accumulated in the reverse sweep's order.
        float[] xf = { 1.4f, 1.4f, 1.4f, 1.4f };
        double[] xd = { 1.4, 1.4, 1.4, 1.4 };
        Half[] xh = { (Half)1.4, (Half)1.4, (Half)1.4, (Half)1.4 };
        float ulpF = MathF.BitIncrement(1.4f) - 1.4f;
        foreach (float t in Ts)
        {
            float f = ZeroPrograms.ZeroGradient(t, xf).DT;
            double d = ZeroPrograms.ZeroGradient((double)t, xd).DT;
            Half h = ZeroPrograms.ZeroGradient((Half)t, xh).DT;
            output.WriteLine($"x=1.4·(1,1,1,1) t={t}: float32 {f:R}  float64 {d:R}  Half {(double)h:R}");
            Assert.True(Math.Abs(f) <= 4 * ulpF, $"float32 at t={t}: {f:R} is more than 4 ulps of 1.4");
            Assert.True(Math.Abs(d) <= 4 * (Math.BitIncrement(1.4) - 1.4), $"float64 at t={t}: {d:R}");
            Assert.True(Math.Abs((double)h) <= 4 * ((double)Half.BitIncrement((Half)1.4) - (double)(Half)1.4), $"Half at t={t}: {(double)h:R}");
        }
    }

    [Fact]
    public void Table33ZeroProgramBuiltFromRelu()
    {
        float[] x = { 1, 2, 3, 4 };
        float[] equal = { 1.4f, 1.4f, 1.4f, 1.4f };
        foreach (float t in Ts)
        {
            float d = ZeroPrograms.ReluZeroGradient(t, x).DT;
            float e = ZeroPrograms.ReluZeroGradient(t, equal).DT;
            output.WriteLine($"Table 3.3 float32 t={t}: x=(1,2,3,4): {d:R}   x=1.4·1: {e:R}");
            if (t != 0) Assert.Equal(0f, d);
        }
        // At t = 0 every pairwise max is a tie: max01 splits ½/½ (minimal-like: mean(x) = 2.5), max02 sends all
        // to its first argument (native-like: x₁ = 1), so zero₂'(0) = 2.5 − 1 = +1.5, as the thesis reports.
        Assert.Equal(1.5f, ZeroPrograms.ReluZeroGradient(0f, x).DT);
        Assert.Equal(1.5, ZeroPrograms.ReluZeroGradient(0.0, new double[] { 1, 2, 3, 4 }).DT);
        Assert.Equal((Half)1.5, ZeroPrograms.ReluZeroGradient((Half)0, x.Select(v => (Half)v).ToArray()).DT);
    }

    private static (double, double) Grad((double Value, double DA, double DB) g) => (g.DA, g.DB);
}
