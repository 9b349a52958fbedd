using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>Zero-copy interop: TorchTensors.Wrap and AsTorch share memory in both directions.</summary>
public class TorchInteropTests
{
    private static readonly Device Torch = Device.Torch();

    [Theory]
    [InlineData(torch.ScalarType.Float32)]
    [InlineData(torch.ScalarType.Float64)]
    public void WrapSharesTheTorchTensorsMemory(torch.ScalarType type)
    {
        using torch.Tensor t = torch.arange(6, type).reshape(2, 3);
        using Tensor wrapped = TorchTensors.Wrap(t);
        Assert.Equal(Torch, wrapped.Device);
        Assert.Equal([2, 3], wrapped.ShapeArray);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, wrapped.ToDoubleArray());

        // A write through libtorch is visible through SourceAD ...
        t[1, 2] = torch.tensor(42.0, type);
        Assert.Equal(42.0, wrapped.ToDoubleArray()[5]);
        // ... and a write through SourceAD is visible through libtorch.
        wrapped.Backend.Fill(wrapped, 7);
        Assert.Equal(7.0, t[0, 0].to_type(torch.ScalarType.Float64).item<double>());
        // An op's result stays separate memory.
        using Tensor doubled = Ops.Mul(wrapped, wrapped);
        t.fill_(1);
        Assert.Equal(49.0, doubled.ToDoubleArray()[0]);
    }

    [Fact]
    public void AsTorchIsAViewOfTheSameMemory()
    {
        using Tensor a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2).To(Torch);
        using torch.Tensor view = a.AsTorch();
        Assert.Equal(new long[] { 2, 2 }, view.shape);
        view[0, 1] = torch.tensor(20f);
        Assert.Equal(new float[] { 1, 20, 3, 4 }, a.ToArray<float>());
        a.CopyFrom<float>([5, 6, 7, 8]);
        Assert.Equal(8f, view[1, 1].item<float>());
        // The memory outlives the SourceAD tensor while the view holds it.
        a.Dispose();
        Assert.Equal(5f, view[0, 0].item<float>());
    }

    /// <summary>
    /// A write through an AsTorch view drops the argmax indices the max-pool forward kept for its backward. (A host copy
    /// and a kernel's in-place write do too, on every backend: BackendSuite.MaxPool2dBackwardSeesTheInputAsItIsNow.)
    /// </summary>
    [Fact]
    public void AWriteThroughAsTorchReachesTheNextPoolingBackward()
    {
        using Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2).To(Torch);
        using Tensor dy = Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1).To(Torch);
        Ops.MaxPool2d(x, 2).Dispose();
        using (torch.Tensor view = x.AsTorch())
        {
            view[0, 0, 1, 0] = torch.tensor(10f);
        }
        using Tensor afterTorchWrite = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 0, 0, 1, 0 }, afterTorchWrite.ToDoubleArray());
    }

    [Fact]
    public void TheWrappedTensorOutlivesTheCallersHandle()
    {
        Tensor wrapped;
        using (torch.Tensor t = torch.ones(3, torch.ScalarType.Float32))
        {
            wrapped = TorchTensors.Wrap(t);
        }
        using (wrapped)
        {
            Assert.Equal(new float[] { 1, 1, 1 }, wrapped.ToArray<float>());
        }
    }

    [Fact]
    public void WrapRefusesWhatItCannotShare()
    {
        using torch.Tensor transposed = torch.ones(2, 3).t();
        Assert.Throws<ArgumentException>(() => TorchTensors.Wrap(transposed));
        using torch.Tensor ints = torch.ones(3, torch.ScalarType.Int32);
        Assert.Throws<ArgumentException>(() => TorchTensors.Wrap(ints));
        using Tensor cpu = Tensor.Zeros([2]);
        Assert.Throws<ArgumentException>(() => cpu.AsTorch());
    }

    [Fact]
    public void NoAutogradGraphIsBuilt()
    {
        // Even from a leaf that requires grad, and with grad mode on, SourceAD's results carry no libtorch graph.
        using var grad = torch.enable_grad();
        using torch.Tensor leaf = torch.randn(4, 1, 8, 8).requires_grad_(true);
        using Tensor x = TorchTensors.Wrap(leaf);
        using torch.Tensor xv = x.AsTorch();
        Assert.False(xv.requires_grad);
        using Tensor y = Ops.MaxPool2d(Ops.Relu(x), 2);
        using Tensor dy = Tensor.Full(y.Shape, 1.0, DType.Float32, Torch);
        using Tensor dx = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal }, 2);
        foreach (Tensor t in new[] { y, dx })
        {
            using torch.Tensor v = t.AsTorch();
            Assert.False(v.requires_grad);
            Assert.True(v.is_leaf);
        }
    }
}
