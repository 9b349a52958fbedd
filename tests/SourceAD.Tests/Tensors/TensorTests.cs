using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void DefaultsAreFloat32OnTheCpuWithRowMajorStrides()
    {
        using Tensor t = Tensor.Zeros([2, 3, 4]);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal(new[] { 12, 4, 1 }, t.Strides.ToArray());
        Assert.Equal(24, t.Length);
        Assert.All(t.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void HostCopiesConvertBetweenDtypes()
    {
        using Tensor t = Tensor.FromArray(new double[] { 1.5, -2.25, 3 }, 3);
        Assert.Equal(new[] { 1.5, -2.25, 3 }, t.ToArray<double>());
        using Tensor half = t.To(DType.Float16);
        Assert.Equal(new[] { (Half)1.5, (Half)(-2.25), (Half)3 }, half.ToArray<Half>());
        var floats = new float[3];
        half.CopyTo<float>(floats);
        Assert.Equal(new[] { 1.5f, -2.25f, 3f }, floats);
        Assert.Throws<ArgumentException>(() => t.CopyTo<double>(new double[2]));
        Assert.Throws<ArgumentException>(() => t.AsSpan<float>());
    }

    [Fact]
    public void ReshapeIsAViewThatKeepsTheMemoryAlive()
    {
        Tensor t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Tensor v = t.Reshape(3, -1);
        Assert.Equal(new[] { 3, 2 }, v.ShapeArray);
        v.AsSpan<float>()[0] = 42;
        Assert.Equal(42f, t.ToArray<float>()[0]);
        t.Dispose();
        Assert.Equal(42f, v.ToArray<float>()[0]);
        v.Dispose();
        Assert.Contains("disposed", v.ToString());
        Assert.Throws<ObjectDisposedException>(() => v.ToArray<float>());
        t.Dispose(); // idempotent
    }

    [Fact]
    public void DisposedMemoryIsReusedByTheNextTensor()
    {
        float[] first;
        using (Tensor a = Tensor.Empty([1000]))
        {
            first = ((CpuStorage<float>)a.Storage).Array;
        }
        using Tensor b = Tensor.Empty([1000]);
        Assert.Same(first, ((CpuStorage<float>)b.Storage).Array);
    }

    [Fact]
    public void FlattenMergesTrailingAxes()
    {
        using Tensor t = Tensor.Zeros([2, 3, 4, 5]);
        using Tensor f = t.Flatten();
        Assert.Equal(new[] { 2, 60 }, f.ShapeArray);
        using Tensor all = t.Flatten(0);
        Assert.Equal(new[] { 120 }, all.ShapeArray);
    }

    [Fact]
    public void KaimingUniformFollowsPyTorchsBoundsAndIsSeeded()
    {
        using Tensor w = TensorInit.KaimingUniform([16, 6, 5, 5], new SeededRandom(1));
        double bound = 1 / Math.Sqrt(6 * 25);
        float[] v = w.ToArray<float>();
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        Assert.True(v.Max() > 0.9 * bound && v.Min() < -0.9 * bound);
        using Tensor again = TensorInit.KaimingUniform([16, 6, 5, 5], new SeededRandom(1));
        Assert.Equal(v, again.ToArray<float>());
        using Tensor b = TensorInit.BiasUniform(16, [16, 6, 5, 5], new SeededRandom(2));
        Assert.All(b.ToArray<float>(), x => Assert.InRange(x, -bound, bound));
    }

    [Fact]
    public void Float16OpsComputeInFloat32AndRound()
    {
        var rng = new SeededRandom(3);
        using Tensor x = TensorInit.Uniform([2, 1, 6, 6], -1, 1, rng);
        using Tensor w = TensorInit.Uniform([3, 1, 3, 3], -1, 1, rng);
        using Tensor xh = x.To(DType.Float16), wh = w.To(DType.Float16);
        using Tensor x16 = xh.To(DType.Float32), w16 = wh.To(DType.Float32);
        using Tensor yh = Ops.Relu(Ops.Conv2d(xh, wh, padding: 1));
        using Tensor y = Ops.Relu(Ops.Conv2d(x16, w16, padding: 1));
        Assert.Equal(DType.Float16, yh.DType);
        using Tensor rounded = y.To(DType.Float16);
        Assert.Equal(rounded.ToArray<Half>(), yh.ToArray<Half>());
    }

    [Fact]
    public void AddInPlaceAccumulatesWithBroadcasting()
    {
        using Tensor acc = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using Tensor row = Tensor.FromArray(new float[] { 10, 20, 30 }, 3);
        Ops.AddInPlace(acc, row);
        Ops.AddInPlace(acc, acc);
        Assert.Equal(new float[] { 22, 44, 66, 28, 50, 72 }, acc.ToArray<float>());
        using Tensor big = Tensor.Zeros([4, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => Ops.AddInPlace(acc, big));
        Assert.Contains("[4, 2, 3]", e.Message);
    }
}
