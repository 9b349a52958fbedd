using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>Dropout's mask: drawn from (seed, step, index) by a hash, about 1 − p kept, new per step, the identity in evaluation.</summary>
public class DropoutTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void KeepsAboutOneMinusPAndScalesTheKeptOnes(double p)
    {
        const int n = 200_000;
        using Tensor x = Tensor.Full([n], 1.0, DType.Float64);
        using Tensor y = Ops.Dropout(x, p, seed: 3, step: 0, training: true);
        double[] v = y.ToDoubleArray();
        int kept = v.Count(e => e != 0);
        Assert.All(v.Where(e => e != 0), e => Assert.Equal(1 / (1 - p), e));
        // Binomial(n, 1 − p): 6 standard deviations.
        double sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(kept, n * (1 - p) - 6 * sd, n * (1 - p) + 6 * sd);
    }

    [Fact]
    public void TheMaskIsAFunctionOfSeedStepAndIndexOnly()
    {
        using Tensor x = Tensor.Full([1000], 1.0, DType.Float64);
        double[] Mask(int seed, long step)
        {
            using Tensor y = Ops.Dropout(x, 0.5, seed, step, training: true);
            return y.ToDoubleArray();
        }
        Assert.Equal(Mask(1, 5), Mask(1, 5));
        Assert.NotEqual(Mask(1, 5), Mask(1, 6));
        Assert.NotEqual(Mask(1, 5), Mask(2, 5));
        Assert.NotEqual(Mask(1, 5), Mask(1, 5 + (1L << 32))); // the step's high half counts too
        // The host hash is the definition every backend follows.
        uint key = DropoutMask.Key(1, 5), threshold = DropoutMask.Threshold(0.5);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => DropoutMask.Keeps(key, threshold, i) ? 2.0 : 0.0).ToArray(), Mask(1, 5));
    }

    [Fact]
    public void TheRulesRecomputeThePrimalsMask()
    {
        var rng = new SeededRandom(4);
        using Tensor x = TensorInit.Uniform([7, 9], 0.5, 1, rng, DType.Float64);
        using Tensor y = Ops.Dropout(x, 0.4, 9, 12, training: true);
        using Tensor dx = Ops.DropoutBackward(Tensor.Full([7, 9], 1.0, DType.Float64), 0.4, 9, 12, training: true);
        using Tensor tx = Ops.DropoutJvp(x, 0.4, 9, 12, training: true);
        double[] yv = y.ToDoubleArray(), dv = dx.ToDoubleArray();
        for (int i = 0; i < yv.Length; i++)
        {
            Assert.Equal(yv[i] != 0, dv[i] != 0);
        }
        Assert.Equal(yv, tx.ToDoubleArray());
    }

    [Fact]
    public void EvaluationIsTheIdentity()
    {
        var rng = new SeededRandom(5);
        using Tensor x = TensorInit.Uniform([4, 6], -1, 1, rng, DType.Float32);
        using Tensor y = Ops.Dropout(x, 0.7, 1, 1, training: false);
        Assert.Equal(x.ToDoubleArray(), y.ToDoubleArray());
        using Tensor zero = Ops.Dropout(x, 0, 1, 1, training: true);
        Assert.Equal(x.ToDoubleArray(), zero.ToDoubleArray());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void AProbabilityOutsideZeroToOneNamesTheOpAndShape(double p)
    {
        using Tensor x = Tensor.Zeros([2, 3]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, p, 1, 1, training: true));
        Assert.Contains("Dropout", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }
}
