using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// Memory: host copies in and out (with and without dtype conversion), Convert between dtypes, Fill, zeroed and pooled
// allocation, reshaped views and clones, all on the device and compared EXACTLY with the CPU backend (copies and
// conversions are exact or correctly rounded, so there is nothing to tolerate).
public abstract partial class BackendSuite
{
    private static readonly DType[] AllDTypes = [DType.Float16, DType.Float32, DType.Float64];

    public static IEnumerable<object[]> DTypePairs() =>
        from source in AllDTypes from target in AllDTypes select new object[] { source, target };

    /// <summary>Values that stress conversions: signed zeros, subnormals, halfway cases, overflow to ∞ in float16, NaN.</summary>
    private static double[] AwkwardValues(int count, SeededRandom rng)
    {
        double[] special = [0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, 65504, 65520, 1e5, -1e5, 6e-8, 1e-40, 1.401298464324817e-45, 3.4028235677973366e38,
            1e300, double.Epsilon, 1 + Math.Pow(2, -24), 1 + Math.Pow(2, -11), double.PositiveInfinity, double.NegativeInfinity, double.NaN, Math.PI];
        return Enumerable.Range(0, count).Select(i => i < special.Length ? special[i] : rng.Uniform(-1e3, 1e3) * Math.Pow(10, rng.NextInt(9) - 6)).ToArray();
    }

    /// <summary>Host data copied in as <paramref name="source"/> elements and out as <paramref name="target"/> elements, through a device tensor of dtype <paramref name="source"/>, then in again as <paramref name="target"/> elements.</summary>
    [Theory]
    [MemberData(nameof(DTypePairs))]
    public void HostCopiesRoundTripExactly(DType source, DType target)
    {
        if (!CanRunOnDevice(source))
        {
            return;
        }
        double[] values = AwkwardValues(1037, new SeededRandom(1200));
        using Tensor host = Tensor.Empty([1037], source);
        host.CopyFrom<double>(values); // host[i] = values rounded to the source dtype, by the CPU backend
        using Tensor device = Tensor.Empty([1037], source, Device);
        device.CopyFrom<double>(values); // converted by the device backend's CopyFromHost
        AssertExact(host, device, $"CopyFrom<double> into a {source} tensor");
        using Tensor back = host.To(target);
        using Tensor deviceBack = Tensor.Empty([1037], target);
        switch (target)
        {
            case DType.Float16: deviceBack.CopyFrom<Half>(CopyOut<Half>(device)); break;
            case DType.Float32: deviceBack.CopyFrom<float>(CopyOut<float>(device)); break;
            default: deviceBack.CopyFrom<double>(CopyOut<double>(device)); break;
        }
        Assert.True(TensorShape.Equal(back.Shape, deviceBack.Shape));
        Agreement.Exact(back, deviceBack, $"CopyTo<{target}> out of a {source} device tensor");
        // And in as {target} elements (CopyFrom<float> into a float64 tensor widens, into a float16 one rounds).
        using Tensor hostIn = Tensor.Empty([1037], source), deviceIn = Tensor.Empty([1037], source, Device);
        switch (target)
        {
            case DType.Float16: CopyInBoth(CopyOut<Half>(back)); break;
            case DType.Float32: CopyInBoth(CopyOut<float>(back)); break;
            default: CopyInBoth(CopyOut<double>(back)); break;
        }
        AssertExact(hostIn, deviceIn, $"CopyFrom<{target}> into a {source} tensor");

        void CopyInBoth<T>(T[] data) where T : unmanaged
        {
            hostIn.CopyFrom<T>(data);
            deviceIn.CopyFrom<T>(data);
        }
    }

    /// <summary>CopyTo into a host buffer of type <typeparamref name="T"/> (the device backend's CopyToHost converts).</summary>
    private static T[] CopyOut<T>(Tensor device) where T : unmanaged
    {
        var result = new T[device.Length];
        device.CopyTo<T>(result);
        return result;
    }

    /// <summary>Convert (Tensor.To(dtype)) on the device rounds exactly as the CPU backend does, for every pair of dtypes.</summary>
    [Theory]
    [MemberData(nameof(DTypePairs))]
    public void ConvertMatchesCpuExactly(DType from, DType to)
    {
        if (!CanRunOnDevice(from, to))
        {
            return;
        }
        double[] values = AwkwardValues(4099, new SeededRandom(1300));
        using Tensor host = Tensor.Empty([4099], from);
        host.CopyFrom<double>(values);
        using Tensor device = ToDevice(host);
        using Tensor converted = host.To(to), convertedD = OnDevice(() => device.To(to));
        AssertExact(converted, convertedD, $"Convert {from} → {to}");
    }

    /// <summary>Fill (Tensor.Full, Tensor.Scalar) rounds the value to the dtype as the CPU backend does.</summary>
    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void FillMatchesCpuExactly(DType dtype)
    {
        if (!CanRunOnDevice(dtype))
        {
            return;
        }
        foreach (double value in AwkwardValues(22, new SeededRandom(1)))
        {
            using Tensor host = Tensor.Full([3, 17], value, dtype), device = Tensor.Full([3, 17], value, dtype, Device);
            AssertExact(host, device, $"Full({value:R}) in {dtype}");
            using Tensor scalar = Tensor.Scalar(value, dtype, Device);
            Assert.Equal(0, scalar.Rank);
            Assert.Equal(host.ToDoubleArray()[0], scalar.Item());
        }
    }

    /// <summary>Zeros are zero even when the pool hands back memory a disposed tensor filled; Empty and Zeros have the right shape, dtype and device.</summary>
    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ZerosAreZeroAfterPoolReuse(DType dtype)
    {
        if (!CanRunOnDevice(dtype))
        {
            return;
        }
        foreach (int length in new[] { 1, 100, 40_000 })
        {
            Tensor.Full([length], 7.5, dtype, Device).Dispose();
            using Tensor z = Tensor.Zeros([length], dtype, Device);
            Assert.Equal(Device, z.Device);
            Assert.Equal(dtype, z.DType);
            Assert.True(Agreement.HostValues(z).All(v => v == 0), $"Zeros [{length}] {dtype} on {Device} holds non-zero elements (reused pool memory not cleared).");
        }
        using Tensor empty = Tensor.Empty([0, 3], dtype, Device);
        Assert.Equal(0, empty.Length);
        Assert.Empty(Agreement.HostValues(empty));
    }

    /// <summary>Reshape and Flatten on the device are views of the same memory; Clone is an independent copy.</summary>
    [Fact]
    public void ViewsShareMemoryAndClonesDoNot()
    {
        var rng = new SeededRandom(1400);
        using Tensor host = TensorInit.Uniform([2, 3, 4], -1, 1, rng), device = ToDevice(host);
        using Tensor view = device.Reshape(6, -1), flat = device.Flatten(), clone = device.Clone();
        Assert.Equal([6, 4], view.ShapeArray);
        Assert.Equal([2, 12], flat.ShapeArray);
        Assert.Equal(Device, view.Device);
        Assert.Equal(Device, clone.Device);
        float[] fresh = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        device.CopyFrom<float>(fresh);
        Assert.Equal(fresh, view.ToArray<float>());
        Assert.Equal(fresh, flat.ToArray<float>());
        Assert.Equal(host.ToArray<float>(), clone.ToArray<float>());
        device.Dispose();
        Assert.Equal(fresh, view.ToArray<float>()); // the view keeps the memory alive
    }

    /// <summary>A tensor moved between the device and the host (both ways) keeps shape, dtype and every bit.</summary>
    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ToDeviceAndBackIsExact(DType dtype)
    {
        if (!CanRunOnDevice(dtype))
        {
            return;
        }
        using Tensor host = Tensor.Empty([7, 5, 3], dtype);
        host.CopyFrom<double>(AwkwardValues(105, new SeededRandom(1500)));
        using Tensor device = ToDevice(host), back = device.To(Device.Cpu);
        Assert.Equal(Device, device.Device);
        Assert.Equal(host.ShapeArray, back.ShapeArray);
        Agreement.Exact(host, back, $"{dtype} host → {Device} → host");
    }
}
