using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// Transformer ops beyond the op-case tables: the embedding's scatter-add order.
public abstract partial class BackendSuite
{
    /// <summary>
    /// The embedding's backward rule adds each table row's terms in ascending position on every backend (no atomics): a
    /// token repeated hundreds of times among others gives the CPU backend's sums bit for bit, and the same bits twice.
    /// </summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void EmbeddingBackwardAddsInPositionOrder(DType dtype)
    {
        var rng = new SeededRandom(4242);
        int[] indices = Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? 7 : (i * 31) % 50).ToArray();
        using Tensor table = TensorInit.Uniform([50, 19], -1, 1, rng, dtype), tableD = ToDevice(table);
        using Tensor dy = TensorInit.Uniform([indices.Length, 19], -1, 1, rng, dtype), dyD = ToDevice(dy);
        using Tensor expected = OnReference(() => Ops.EmbeddingBackward(table, indices, dy));
        using Tensor first = OnDevice(() => Ops.EmbeddingBackward(tableD, indices, dyD));
        using Tensor second = OnDevice(() => Ops.EmbeddingBackward(tableD, indices, dyD));
        Assert.Equal(expected.ToDoubleArray(), first.ToDoubleArray());
        Assert.Equal(first.ToDoubleArray(), second.ToDoubleArray());
    }
}
