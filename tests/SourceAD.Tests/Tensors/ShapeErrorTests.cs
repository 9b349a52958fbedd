using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>Bad input throws an <see cref="ArgumentException"/> that names the op and both shapes.</summary>
public class ShapeErrorTests
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
    public void MatMulAndLinearNameBothShapes()
    {
        using Tensor a = Tensor.Zeros([2, 3]), b = Tensor.Zeros([4, 5]), w = Tensor.Zeros([5, 4]), bias = Tensor.Zeros([3]);
        AssertNames(() => Ops.MatMul(a, b), "MatMul", "[2, 3]", "[4, 5]");
        AssertNames(() => Ops.Linear(a, w), "Linear", "[2, 3]", "[5, 4]");
        using Tensor x = Tensor.Zeros([2, 4]);
        AssertNames(() => Ops.Linear(x, w, bias), "Linear", "[3]", "[5, 4]");
    }

    [Fact]
    public void ConvAndPoolNameTheirShapes()
    {
        using Tensor x = Tensor.Zeros([1, 3, 8, 8]), w = Tensor.Zeros([4, 2, 3, 3]), big = Tensor.Zeros([4, 3, 9, 9]);
        AssertNames(() => Ops.Conv2d(x, w), "Conv2d", "[1, 3, 8, 8]", "[4, 2, 3, 3]");
        AssertNames(() => Ops.Conv2d(x, big), "Conv2d", "[1, 3, 8, 8]", "[4, 3, 9, 9]");
        using Tensor flat = Tensor.Zeros([3, 8]);
        AssertNames(() => Ops.MaxPool2d(flat, 2), "MaxPool2d", "[3, 8]");
        AssertNames(() => Ops.MaxPool2d(x, 2, padding: 2), "MaxPool2d", "padding");
        using Tensor dy = Tensor.Zeros([1, 3, 3, 3]);
        AssertNames(() => Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2), "MaxPool2dBackward", "[1, 3, 3, 3]", "[1, 3, 4, 4]");
    }

    [Fact]
    public void BroadcastingAndLossesNameBothShapes()
    {
        using Tensor a = Tensor.Zeros([2, 3]), b = Tensor.Zeros([4]);
        AssertNames(() => Ops.Add(a, b), "Add", "[2, 3]", "[4]");
        AssertNames(() => Ops.Mse(a, b), "Mse", "[2, 3]", "[4]");
        AssertNames(() => Ops.CrossEntropy(a, [0]), "CrossEntropy", "[2, 3]", "[1]");
        AssertNames(() => Ops.CrossEntropy(a, [0, 3]), "CrossEntropy", "label 3");
        AssertNames(() => a.Reshape(4, 2), "Reshape", "[2, 3]", "[4, 2]");
    }

    [Fact]
    public void MixedDtypesAreRejected()
    {
        using Tensor a = Tensor.Zeros([2, 3]), b = Tensor.Zeros([3, 2], DType.Float64);
        AssertNames(() => Ops.MatMul(a, b), "MatMul", "[2, 3]", "[3, 2]", "Float32", "Float64");
    }
}
