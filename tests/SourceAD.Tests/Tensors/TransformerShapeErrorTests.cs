using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>The transformer ops (batched MatMul, Permute/Transpose, Narrow/Concat, MaskedFill, LayerNorm, Embedding) reject bad input naming the op and the shapes.</summary>
public class TransformerShapeErrorTests
{
    private static void AssertNames(Action call, params string[] parts)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        foreach (string part in parts)
        {
            Assert.Contains(part, e.Message);
        }
    }

    [Fact]
    public void BatchedMatMulNeedsEqualBatchAxes()
    {
        using Tensor a = Tensor.Zeros([2, 3, 4, 5]), b = Tensor.Zeros([3, 2, 5, 4]), c = Tensor.Zeros([3, 5, 4]), v = Tensor.Zeros([5]);
        AssertNames(() => Ops.MatMul(a, b), "MatMul", "[2, 3, 4, 5]", "[3, 2, 5, 4]", "batch");
        AssertNames(() => Ops.MatMul(a, c), "MatMul", "[2, 3, 4, 5]", "[3, 5, 4]");
        AssertNames(() => Ops.MatMul(a, v), "MatMul", "rank 2");
    }

    [Fact]
    public void PermuteNeedsAPermutation()
    {
        using Tensor x = Tensor.Zeros([2, 3, 4]);
        AssertNames(() => Ops.Permute(x, 0, 1), "Permute", "[2, 3, 4]", "3 axes");
        AssertNames(() => Ops.Permute(x, 0, 2, -1), "Permute", "twice");
        AssertNames(() => Ops.Transpose(x, 0, 3), "Transpose");
    }

    [Fact]
    public void SlicesStayInsideTheAxis()
    {
        using Tensor x = Tensor.Zeros([2, 6]), y = Tensor.Zeros([3, 6]), z = Tensor.Zeros([2, 5]);
        AssertNames(() => Ops.Narrow(x, 1, 4, 3), "Narrow", "[4, 7)", "[2, 6]");
        AssertNames(() => Ops.Concat(x, y, 1), "Concat", "[2, 6]", "[3, 6]", "axis 0");
        using Tensor dy = Tensor.Zeros([2, 6]);
        AssertNames(() => Ops.ConcatBackward(x, z, dy, 1), "ConcatBackward", "[2, 6]", "[2, 11]");
    }

    [Fact]
    public void LayerNormAndEmbeddingNameTheirShapes()
    {
        using Tensor x = Tensor.Zeros([2, 5]), w = Tensor.Zeros([4]), b = Tensor.Zeros([5]), w5 = Tensor.Zeros([5]);
        AssertNames(() => Ops.LayerNorm(x, w, b), "LayerNorm", "[2, 5]", "[4]");
        AssertNames(() => Ops.LayerNorm(x, w5, w), "LayerNorm", "[4]", "[5]");
        using Tensor table = Tensor.Zeros([6, 3]), flat = Tensor.Zeros([6]);
        AssertNames(() => Ops.Embedding(table, [1, 6]), "Embedding", "index 6", "[6, 3]");
        AssertNames(() => Ops.Embedding(table, [-1]), "Embedding", "index -1");
        AssertNames(() => Ops.Embedding(flat, [0]), "Embedding", "[6]");
        using Tensor dy = Tensor.Zeros([3, 3]);
        AssertNames(() => Ops.EmbeddingBackward(table, [0, 1], dy), "EmbeddingBackward", "[3, 3]", "[2, 3]");
    }

    [Fact]
    public void AMaskMustBroadcastToX()
    {
        using Tensor x = Tensor.Zeros([2, 4, 4]), wide = Tensor.Zeros([2, 2, 4, 4]), odd = Tensor.Zeros([3, 4]);
        AssertNames(() => Ops.MaskedFill(x, wide, 0), "MaskedFill", "[2, 2, 4, 4]", "[2, 4, 4]");
        AssertNames(() => Ops.MaskedFill(x, odd, 0), "MaskedFill", "[3, 4]", "[2, 4, 4]");
    }
}
