using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using SourceAD.Tests.Tensors;
using SourceAD.TorchSharp.Tests.Tensors;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// The same LeNet-5 code runs on the TorchSharp backend (src/SourceAD.TorchSharp) just by placing its tensors on
/// <c>Device.Torch()</c>: ops dispatch on the device, so the backend interface carries a whole training step.
/// </summary>
public class TorchBackendTests
{
    private static readonly Device TorchCpu = Device.Torch();

    private static Tensor To(Tensor t, Device device) => t.To(device);

    [Fact]
    public void LeNet5GivesTheSameLossAndGradientsOnTheTorchDevice()
    {
        using var cpu = new LeNet5(seed: 17);
        using var onTorch = new LeNet5(cpu.Parameters.Select(p => To(p, TorchCpu)).ToList());
        var rng = new SeededRandom(4);
        using Tensor x = TensorInit.Uniform([8, 1, 28, 28], 0, 1, rng);
        using Tensor xt = To(x, TorchCpu);
        int[] labels = [3, 1, 4, 1, 5, 9, 2, 6];

        (double loss, Tensor[] grads) = cpu.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
        (double torchLoss, Tensor[] torchGrads) = onTorch.LossAndGradients(xt, labels, DerivativePolicy.PyTorch);
        Assert.Equal(loss, torchLoss, 5);
        for (int i = 0; i < grads.Length; i++)
        {
            Assert.Equal(TorchCpu, torchGrads[i].Device);
            double error = TorchInterop.RelativeError(grads[i].ToDoubleArray(), torchGrads[i].ToDoubleArray());
            Assert.True(error <= 1e-5, $"{LeNet5.ParameterNames[i]}: relative error {error:E3}");
            grads[i].Dispose();
            torchGrads[i].Dispose();
        }
    }

    /// <summary>The behavioral suite: every op-table case gives the same primal, adjoints and JVP on both backends (float64).</summary>
    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void EveryOpCaseAgreesWithTheCpuBackend(string name)
    {
        (int index, OpCase c) = OpCases.Find(name);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(4000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, DType.Float64);
        Tensor?[] xt = x.Select(t => t is null ? null : To(t, TorchCpu)).ToArray();
        using Tensor y = rule.Primal(x, c.Attributes), yt = rule.Primal(xt, c.Attributes);
        Assert.Equal(TorchCpu, yt.Device);
        AssertSame(y, yt, "primal");
        using Tensor u = TensorInit.Uniform(y.Shape, -1, 1, rng, DType.Float64), ut = To(u, TorchCpu);
        Tensor?[] dx = rule.Backward(x, c.Attributes, y, u), dxt = rule.Backward(xt, c.Attributes, yt, ut);
        Tensor?[] tx = x.Select((t, i) => t is null || dx[i] is null ? null : TensorInit.Uniform(t.Shape, -1, 1, rng, DType.Float64)).ToArray();
        Tensor?[] txt = tx.Select(t => t is null ? null : To(t, TorchCpu)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(dx[i] is null, dxt[i] is null);
            if (dx[i] is not null)
            {
                AssertSame(dx[i]!, dxt[i]!, $"adjoint {i}");
            }
        }
        using Tensor jvp = rule.Jvp(x, c.Attributes, y, tx), jvpt = rule.Jvp(xt, c.Attributes, yt, txt);
        AssertSame(jvp, jvpt, "JVP");
        foreach (Tensor? t in x.Concat(xt).Concat(dx).Concat(dxt).Concat(tx).Concat(txt))
        {
            t?.Dispose();
        }

        void AssertSame(Tensor cpu, Tensor torch, string what)
        {
            Assert.Equal(cpu.ShapeArray, torch.ShapeArray);
            double error = TorchInterop.RelativeError(torch.ToDoubleArray(), cpu.ToDoubleArray(), floor: 1e-300);
            Assert.True(error <= 1e-9, $"{name} {what}: relative error {error:E3}");
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    public void TensorsMoveBetweenDevicesUnchanged(DType dtype)
    {
        using Tensor cpu = TensorInit.Uniform([2, 3, 5], -4, 4, new SeededRandom(2), dtype);
        using Tensor there = cpu.To(TorchCpu);
        using Tensor back = there.To(Device.Cpu);
        Assert.Equal(TorchCpu, there.Device);
        Assert.Equal(dtype, there.DType);
        Assert.Equal(cpu.ToDoubleArray(), back.ToDoubleArray());
    }

    [Fact]
    public void DeviceTorchRegistersOneBackendPerDevice()
    {
        Assert.Equal(new Device(DeviceKind.Torch, -1), TorchCpu);
        Assert.Equal("torch:cpu", TorchCpu.ToString());
        var backend = Assert.IsType<SourceAD.TorchSharp.TorchBackend>(TensorBackends.For(TorchCpu));
        Assert.Same(backend, TensorBackends.For(Device.Torch()));
        Assert.True(backend.IsCpu);
    }

    [Fact]
    public void ACudaDeviceWithoutCudaSaysWhatIsMissing()
    {
        if (global::TorchSharp.torch.cuda.is_available())
        {
            Assert.Equal("torch:cuda:0", Device.Torch(cudaOrdinal: 0).ToString());
            return;
        }
        var e = Assert.Throws<NotSupportedException>(() => Device.Torch(cudaOrdinal: 0));
        Assert.Contains("CUDA", e.Message);
        Assert.Throws<NotSupportedException>(() => TensorBackends.For(new Device(DeviceKind.Torch, 0)));
    }

    [Fact]
    public void EveryPoolingTieRuleIsSupported()
    {
        using Tensor x = To(Tensor.FromArray(new float[] { 1, 1, 0, 0 }, 1, 1, 2, 2), TorchCpu);
        using Tensor dy = To(Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1), TorchCpu);
        var minimal = DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal };
        using Tensor even = Ops.MaxPool2dBackward(x, dy, minimal, 2);
        Assert.Equal(new double[] { 0.5, 0.5, 0, 0 }, even.ToDoubleArray());
        using Tensor native = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 1, 0, 0, 0 }, native.ToDoubleArray());
        Assert.Throws<NonsmoothPointException>(() => Ops.MaxPool2dBackward(x, dy, DerivativePolicy.StrictPolicy, 2));
    }

    public static TheoryData<string> TieRules => ["native", "minimal", "hybrid:0.3", "hybrid:1.5", "hybrid:-0.25"];

    /// <summary>
    /// Float16 on the Torch device (which computes it; the backend suite cannot require that of every backend, since
    /// ILGPU stores float16 but does not compute it): max-pool backward at ties, ReLU backward at 0 and Add are computed
    /// in float32 and rounded once, giving the CPU backend's bits.
    /// </summary>
    [Theory]
    [MemberData(nameof(TieRules))]
    public void Float16IsComputedInFloat32AndRoundedOnceAsOnTheCpuBackend(string rule)
    {
        TieChoice choice = rule switch
        {
            "native" => TieChoice.Native,
            "minimal" => TieChoice.Minimal,
            _ => TieChoice.Hybrid(double.Parse(rule["hybrid:".Length..], System.Globalization.CultureInfo.InvariantCulture)),
        };
        var policy = DerivativePolicy.PyTorch with { Pooling = choice, ReluAtZero = 0.5 };
        var rng = new SeededRandom(51);
        var tied = new double[2 * 3 * 6 * 6];
        for (int i = 0; i < tied.Length; i++)
        {
            tied[i] = rng.NextInt(3); // small integers: most 2×2 windows hold several exact maxima
        }
        using Tensor wide = Tensor.FromArray(tied, 2, 3, 6, 6), x = wide.To(DType.Float16);
        using Tensor dy = TensorInit.Uniform([2, 3, 3, 3], -1, 1, new SeededRandom(52), DType.Float16);
        using Tensor g = TensorInit.Uniform([2, 3, 6, 6], -1, 1, new SeededRandom(53), DType.Float16);
        using Tensor xt = To(x, TorchCpu), dyt = To(dy, TorchCpu), gt = To(g, TorchCpu);
        using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, 2), dxt = Ops.MaxPool2dBackward(xt, dyt, policy, 2);
        Assert.Equal(DType.Float16, dxt.DType);
        AssertSameBits(dx, dxt, $"float16 max-pool backward {rule}");
        using Tensor relu = Ops.ReluBackward(x, g, policy), relut = Ops.ReluBackward(xt, gt, policy);
        AssertSameBits(relu, relut, "float16 relu backward");
        using Tensor sum = Ops.Add(x, g), sumt = Ops.Add(xt, gt);
        AssertSameBits(sum, sumt, "float16 add");
    }

    private static void AssertSameBits(Tensor cpu, Tensor torch, string what)
    {
        Assert.Equal(TorchCpu, torch.Device);
        Assert.Equal(cpu.ShapeArray, torch.ShapeArray);
        double[] expected = cpu.ToDoubleArray(), actual = torch.ToDoubleArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{what}: element {i} is {actual[i]:R} on Torch, {expected[i]:R} on the CPU backend");
        }
    }
}
