using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>What a user sees when the backend is misused.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuMisuseTests
{
    [Fact]
    public void Float16IsStorageOnlyAndOpsSayWhichOpAndDtype()
    {
        using Tensor half = Tensor.FromArray([(Half)1, (Half)(-2), (Half)0.5], 3);
        using Tensor onDevice = half.To(IlgpuCpu), y = Tensor.Empty([3], DType.Float16, IlgpuCpu);
        Assert.Equal(half.ToArray<Half>(), onDevice.ToArray<Half>());
        using Tensor wide = onDevice.To(DType.Float32);
        Assert.Equal(new[] { 1f, -2f, 0.5f }, wide.ToArray<float>());
        var e = Assert.Throws<NotSupportedException>(() => Backend.Unary(UnaryKind.Relu, 0, onDevice, y));
        Assert.Contains("Unary", e.Message);
        Assert.Contains("Float16", e.Message);
        var update = Assert.Throws<NotSupportedException>(() => Backend.ApplyUpdate(new TestTwoInputUpdate(0.1, 0.5), [onDevice, y], [onDevice, y]));
        Assert.Contains("ApplyUpdate", update.Message);
    }

    [Fact]
    public void HalfHostDataCanStillBeCopiedIntoAFloatTensor()
    {
        using Tensor t = Tensor.Empty([2], DType.Float32, IlgpuCpu);
        t.CopyFrom<Half>([(Half)1.5, (Half)(-2)]);
        Assert.Equal(new[] { 1.5f, -2f }, t.ToArray<float>());
        Assert.Equal(new[] { (Half)1.5, (Half)(-2) }, t.ToArray<Half>());
    }

    [Fact]
    public void TensorsOfAnotherDeviceAreRejectedNamingTheOp()
    {
        using Tensor host = Tensor.Zeros([4]), dev = Tensor.Zeros([4], DType.Float32, IlgpuCpu);
        var e = Assert.Throws<ArgumentException>(() => Backend.Unary(UnaryKind.Relu, 0, host, dev));
        Assert.Contains("Unary", e.Message);
        Assert.Contains("cpu", e.Message);
        Assert.Throws<InvalidOperationException>(() => dev.AsSpan<float>());
    }

    [Fact]
    public void BadLabelsAreCaughtOnTheHost()
    {
        using Tensor logits = Tensor.Zeros([2, 3], DType.Float32, IlgpuCpu), loss = Tensor.Zeros([], DType.Float32, IlgpuCpu);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Backend.CrossEntropy(logits, [0, 3], loss));
        Assert.Contains("label 1 is 3", range.Message);
        Assert.Throws<ArgumentException>(() => Backend.CrossEntropy(logits, [0], loss));
    }
}
