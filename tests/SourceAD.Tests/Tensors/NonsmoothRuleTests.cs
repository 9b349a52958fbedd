using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>The tie and kink choices of MaxPool2d and the ReLU family follow <see cref="DerivativePolicy"/>.</summary>
public class NonsmoothRuleTests
{
    // One 2×2 window whose max 3 is attained at row-major positions 1 and 2 (a tie), and one without ties.
    private static Tensor TiedInput() => Tensor.FromArray(new double[]
    {
        1, 3, 0, 5,
        3, 2, 4, 1,
    }, 1, 1, 2, 4);

    private static double[] PoolBackward(TieChoice ties, bool strict = false)
    {
        using Tensor x = TiedInput();
        using Tensor dy = Tensor.FromArray(new double[] { 1, 10 }, 1, 1, 1, 2);
        var policy = DerivativePolicy.PyTorch with { Pooling = ties, Strict = strict };
        using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, kernel: 2);
        return dx.ToDoubleArray();
    }

    [Fact]
    public void NativeGivesTheWholeAdjointToTheFirstMaximumInRowMajorOrder() =>
        Assert.Equal(new double[] { 0, 1, 0, 10, 0, 0, 0, 0 }, PoolBackward(TieChoice.Native));

    [Fact]
    public void MinimalSplitsTheAdjointEvenlyOverTheTie() =>
        Assert.Equal(new double[] { 0, 0.5, 0, 10, 0.5, 0, 0, 0 }, PoolBackward(TieChoice.Minimal));

    [Fact]
    public void HybridMixesNativeAndMinimal()
    {
        // (1 − β)·native + β·minimal with β = 0.5: first gets 0.75, second 0.25.
        Assert.Equal(new double[] { 0, 0.75, 0, 10, 0.25, 0, 0, 0 }, PoolBackward(TieChoice.Hybrid(0.5)));
        // β > 1 leaves the Clarke subdifferential (thesis Remark 10): shares −0.5 and 1.5 still sum to 1.
        Assert.Equal(new double[] { 0, -0.5, 0, 10, 1.5, 0, 0, 0 }, PoolBackward(TieChoice.Hybrid(3)));
    }

    [Fact]
    public void StrictPolicyThrowsAtATie() =>
        Assert.Throws<NonsmoothPointException>(() => PoolBackward(TieChoice.Native, strict: true));

    [Theory]
    [InlineData(TieRule.Native)]
    [InlineData(TieRule.Minimal)]
    [InlineData(TieRule.Hybrid)]
    public void MaxPoolForwardRuleIsTheTransposeOfTheBackwardRuleAtTies(TieRule rule)
    {
        var policy = DerivativePolicy.PyTorch with { Pooling = new TieChoice(rule, 0.3) };
        // Integers in [0, 3) make many exact ties, including overlapping windows (kernel 3, stride 2).
        var rng = new SeededRandom(5);
        using Tensor x = Tensor.FromArray(Enumerable.Range(0, 2 * 7 * 7).Select(_ => (double)rng.NextInt(3)).ToArray(), 1, 2, 7, 7);
        using Tensor t = TensorInit.Uniform(x.Shape, -1, 1, rng, DType.Float64);
        using Tensor u = TensorInit.Uniform([1, 2, 3, 3], -1, 1, rng, DType.Float64);
        using Tensor jt = Ops.MaxPool2dJvp(x, t, policy, 3, 2);
        using Tensor ju = Ops.MaxPool2dBackward(x, u, policy, 3, 2);
        double lhs = Dot(u, jt), rhs = Dot(ju, t);
        Assert.Equal(lhs, rhs, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void ReluDerivativeAtZeroIsThePolicysChoice(double s)
    {
        var policy = DerivativePolicy.PyTorch with { ReluAtZero = s };
        using Tensor x = Tensor.FromArray(new double[] { -1, 0, 2, -0.0 }, 4);
        using Tensor g = Tensor.FromArray(new double[] { 1, 1, 1, 1 }, 4);
        using Tensor dx = Ops.ReluBackward(x, g, policy);
        Assert.Equal(new[] { 0, s, 1, s }, dx.ToDoubleArray());
        using Tensor tx = Ops.ReluJvp(x, g, policy);
        Assert.Equal(new[] { 0, s, 1, s }, tx.ToDoubleArray());
    }

    [Fact]
    public void LeakyReluAtZeroMovesFromTheSlopeToOne()
    {
        using Tensor x = Tensor.FromArray(new double[] { -2, 0, 3 }, 3);
        using Tensor g = Tensor.FromArray(new double[] { 1, 1, 1 }, 3);
        using Tensor pytorch = Ops.LeakyReluBackward(x, g, 0.1, DerivativePolicy.PyTorch);
        Assert.Equal(new[] { 0.1, 0.1, 1 }, pytorch.ToDoubleArray());
        using Tensor one = Ops.LeakyReluBackward(x, g, 0.1, DerivativePolicy.PyTorch with { ReluAtZero = 1 });
        Assert.Equal(new[] { 0.1, 1, 1 }, one.ToDoubleArray());
    }

    [Fact]
    public void StrictPolicyThrowsTheSameExceptionOnManyThreads()
    {
        using Tensor x = Tensor.Zeros([4, 8, 6, 6], DType.Float64);
        using Tensor dy = Tensor.Zeros([4, 8, 3, 3], DType.Float64);
        using (SourceAD.Tensors.Backends.Cpu.CpuBackend.UseThreads(2))
        {
            Assert.Throws<NonsmoothPointException>(() => Ops.MaxPool2dBackward(x, dy, DerivativePolicy.StrictPolicy, 2));
            using Tensor big = Tensor.Zeros([100_000], DType.Float64);
            Assert.Throws<NonsmoothPointException>(() => Ops.ReluBackward(big, big, DerivativePolicy.StrictPolicy));
        }
    }

    [Fact]
    public void StrictReluThrowsAtZero()
    {
        using Tensor x = Tensor.FromArray(new double[] { 1, 0 }, 2);
        using Tensor g = Tensor.FromArray(new double[] { 1, 1 }, 2);
        Assert.Throws<NonsmoothPointException>(() => Ops.ReluBackward(x, g, DerivativePolicy.StrictPolicy));
    }

    [Fact]
    public void MaximumTiesShareByTheBinaryRule()
    {
        using Tensor a = Tensor.FromArray(new double[] { 1, 2, 3 }, 3), b = Tensor.FromArray(new double[] { 0, 2, 5 }, 3);
        using Tensor dy = Tensor.FromArray(new double[] { 1, 1, 1 }, 3);
        (double[] Da, double[] Db) Run(TieChoice ties)
        {
            (Tensor da, Tensor db) = Ops.MaximumBackward(a, b, dy, DerivativePolicy.PyTorch with { Binary = ties });
            using (da)
            using (db)
            {
                return (da.ToDoubleArray(), db.ToDoubleArray());
            }
        }
        (double[] da, double[] db) = Run(TieChoice.Minimal);
        Assert.Equal(new double[] { 1, 0.5, 0 }, da);
        Assert.Equal(new double[] { 0, 0.5, 1 }, db);
        (da, db) = Run(TieChoice.Native);
        Assert.Equal(new double[] { 1, 1, 0 }, da);
        Assert.Equal(new double[] { 0, 0, 1 }, db);
        Assert.Throws<NonsmoothPointException>(() => Ops.MaximumBackward(a, b, dy, DerivativePolicy.StrictPolicy));
    }

    [Fact]
    public void MaxReductionTiesShareByTheReductionRule()
    {
        // Rows: a three-way tie at the max, and a single max.
        using Tensor x = Tensor.FromArray(new double[] { 4, 1, 4, 4, 0, 2, 7, 3 }, 2, 4);
        using Tensor dy = Tensor.FromArray(new double[] { 3, 10 }, 2);
        double[] Run(TieChoice ties)
        {
            using Tensor dx = Ops.MaxBackward(x, dy, DerivativePolicy.PyTorch with { Reduction = ties }, axes: [1]);
            return dx.ToDoubleArray();
        }
        Assert.Equal(new double[] { 1, 0, 1, 1, 0, 0, 10, 0 }, Run(TieChoice.Minimal));
        Assert.Equal(new double[] { 3, 0, 0, 0, 0, 0, 10, 0 }, Run(TieChoice.Native));
        Assert.Equal(new double[] { 2, 0, 0.5, 0.5, 0, 0, 10, 0 }, Run(TieChoice.Hybrid(0.5)));
    }

    [Theory]
    [InlineData(NonsmoothPreset.PyTorch, 0.0)]
    [InlineData(NonsmoothPreset.Jax, 1.0)]
    public void AbsDerivativeAtZeroFollowsThePreset(NonsmoothPreset preset, double atZero)
    {
        using Tensor x = Tensor.FromArray(new double[] { -2, 0, 3 }, 3), g = Tensor.FromArray(new double[] { 1, 1, 1 }, 3);
        using Tensor dx = Ops.AbsBackward(x, g, DerivativePolicy.FromPreset(preset));
        Assert.Equal(new[] { -1, atZero, 1 }, dx.ToDoubleArray());
        Assert.Throws<NonsmoothPointException>(() => Ops.AbsBackward(x, g, DerivativePolicy.StrictPolicy));
    }

    /// <summary>Thesis Table 3.1, with the max reduction: zero(t) = max₁(t·x) − max₂(t·x), x = (1, 2, 3, 4), zero'(0) = −1.5.</summary>
    [Fact]
    public void TheZeroProgramThroughMaxReductions()
    {
        using Tensor zero = Tensor.Zeros([4], DType.Float64);
        using Tensor x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 4);
        using Tensor native = Ops.MaxJvp(zero, x, DerivativePolicy.PyTorch with { Reduction = TieChoice.Native });
        using Tensor minimal = Ops.MaxJvp(zero, x, DerivativePolicy.PyTorch with { Reduction = TieChoice.Minimal });
        Assert.Equal(-1.5, native.Item() - minimal.Item());
    }

    /// <summary>Thesis Table 3.1: zero(t) = max₁(t·x) − max₂(t·x) with max₁ native, max₂ minimal, x = (1, 2, 3, 4): zero'(0) = −1.5.</summary>
    [Fact]
    public void TheZeroProgramHasDerivativeMinusOnePointFiveAtZero()
    {
        using Tensor zero = Tensor.Zeros([1, 1, 2, 2], DType.Float64); // t·x at t = 0: all four tie
        using Tensor x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        using Tensor native = Ops.MaxPool2dJvp(zero, x, DerivativePolicy.PyTorch with { Pooling = TieChoice.Native }, 2);
        using Tensor minimal = Ops.MaxPool2dJvp(zero, x, DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal }, 2);
        Assert.Equal(-1.5, native.Item() - minimal.Item());
    }

    private static double Dot(Tensor a, Tensor b) => a.ToDoubleArray().Zip(b.ToDoubleArray(), (p, q) => p * q).Sum();
}
