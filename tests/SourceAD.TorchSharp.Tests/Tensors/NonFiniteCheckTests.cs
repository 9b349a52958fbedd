using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>A model whose second op divides by a parameter that may be zero.</summary>
public partial class DividingModel
{
    [Parameter] public Tensor W = Tensor.FromArray(new float[] { 1, 0, 2 }, 3);

    [Differentiable]
    public Tensor Loss(Tensor x)
    {
        var h = Ops.Mul(x, W);
        var q = Ops.Div(h, W);
        return Ops.Sum(q);
    }
}

/// <summary>NaN/∞ pass through without a crash; in check mode the first op that produced one is named.</summary>
public class NonFiniteCheckTests
{
    [Fact]
    public void NonFiniteValuesPassThroughByDefault()
    {
        var model = new DividingModel();
        using Tensor x = Tensor.FromArray(new float[] { 1, 1, 1 }, 3);
        using var grads = new DividingModel.Gradients();
        using Tensor loss = model.LossGradient(x, grads);
        Assert.True(float.IsNaN((float)loss.Item()));
    }

    [Fact]
    public void CheckModeNamesTheFirstOpThatProducedNaN()
    {
        var model = new DividingModel();
        using Tensor x = Tensor.FromArray(new float[] { 1, 1, 1 }, 3);
        using var grads = new DividingModel.Gradients();
        using (NonFiniteCheck.Enable())
        {
            var ex = Assert.Throws<NonFiniteTensorException>(() => model.LossGradient(x, grads));
            Assert.Contains("Ops.Div", ex.Message);
            Assert.Contains("DividingModel.Loss", ex.Message);
            Assert.Contains("index 1", ex.Message);
        }
        Assert.False(NonFiniteCheck.IsEnabled);
    }
}
