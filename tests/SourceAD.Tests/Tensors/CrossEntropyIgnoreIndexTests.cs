using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>Cross-entropy with ignored labels against the loss of the kept rows alone, and with every row ignored.</summary>
public class CrossEntropyIgnoreIndexTests
{
    [Fact]
    public void IgnoredRowsAreLeftOutOfTheMeanAndGetNoGradient()
    {
        var rng = new SeededRandom(17);
        using Tensor logits = TensorInit.Uniform([4, 3], -2, 2, rng, DType.Float64);
        using Tensor kept = Ops.Narrow(logits, 0, 1, 2);
        using Tensor loss = Ops.CrossEntropy(logits, [-1, 2, 0, -1], ignoreIndex: -1);
        using Tensor reference = Ops.CrossEntropy(kept, [2, 0]);
        Assert.Equal(reference.Item(), loss.Item(), 14);

        using Tensor grad = Ops.CrossEntropyBackward(logits, [-1, 2, 0, -1], 1.5, ignoreIndex: -1);
        using Tensor referenceGrad = Ops.CrossEntropyBackward(kept, [2, 0], 1.5);
        double[] g = grad.ToDoubleArray(), r = referenceGrad.ToDoubleArray();
        Assert.Equal(new double[3], g[..3]);
        Assert.Equal(new double[3], g[9..]);
        Assert.Equal(r, g[3..9]);
    }

    [Fact]
    public void EveryRowIgnoredGivesNaNAsTorchAndZeroGradient()
    {
        using Tensor logits = TensorInit.Uniform([2, 3], -1, 1, new SeededRandom(3), DType.Float64);
        using Tensor loss = Ops.CrossEntropy(logits, [-100, -100]);
        Assert.True(double.IsNaN(loss.Item()));
        using Tensor grad = Ops.CrossEntropyBackward(logits, [-100, -100], 1.0);
        Assert.All(grad.ToDoubleArray(), v => Assert.Equal(0.0, v));
    }
}
