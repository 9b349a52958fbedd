using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>The parameter-only backward rules (used for layers whose input is data) equal the full rules' parts bitwise.</summary>
public class BackwardPartsTests
{
    [Fact]
    public void LinearBackwardWeightsEqualsLinearBackwardBitwise()
    {
        var rng = new SeededRandom(21);
        using Tensor x = TensorInit.Uniform([5, 3, 7], -1, 1, rng);
        (Tensor w, Tensor b) = TensorInit.Linear(7, 4, rng);
        using (w)
        using (b)
        using (Tensor dy = TensorInit.Uniform([5, 3, 4], -1, 1, rng))
        {
            (Tensor dx, Tensor dw, Tensor? db) = Ops.LinearBackward(x, w, true, dy);
            (Tensor dw2, Tensor? db2) = Ops.LinearBackwardWeights(x, w, true, dy);
            Assert.Equal(dw.ToArray<float>(), dw2.ToArray<float>());
            Assert.Equal(db!.ToArray<float>(), db2!.ToArray<float>());
            (Tensor dw3, Tensor? db3) = Ops.LinearBackwardWeights(x, w, false, dy);
            Assert.Null(db3);
            Assert.Equal(dw.ToArray<float>(), dw3.ToArray<float>());
            foreach (Tensor t in new[] { dx, dw, db, dw2, db2, dw3 })
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void Conv2dBackwardWeightsEqualsConv2dBackwardBitwise()
    {
        var rng = new SeededRandom(22);
        using Tensor x = TensorInit.Uniform([6, 2, 9, 8], -1, 1, rng);
        (Tensor w, Tensor b) = TensorInit.Conv2d(2, 3, 3, rng);
        using (w)
        using (b)
        using (Tensor dy = TensorInit.Uniform([6, 3, 9, 8], -1, 1, rng))
        {
            (Tensor dx, Tensor dw, Tensor? db) = Ops.Conv2dBackward(x, w, true, dy, stride: 1, padding: 1);
            (Tensor dw2, Tensor? db2) = Ops.Conv2dBackwardWeights(x, w, true, dy, stride: 1, padding: 1);
            Assert.Equal(dw.ToArray<float>(), dw2.ToArray<float>());
            Assert.Equal(db!.ToArray<float>(), db2!.ToArray<float>());
            foreach (Tensor t in new[] { dx, dw, db, dw2, db2 })
            {
                t.Dispose();
            }
        }
    }
}
