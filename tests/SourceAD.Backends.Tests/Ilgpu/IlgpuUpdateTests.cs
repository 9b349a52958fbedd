using SourceAD.Tensors;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>ApplyUpdate: one generic kernel per rule struct, compared bitwise with the CPU backend's host step.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuUpdateTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void AdamLikeRuleMatchesTheCpuBackendBitwiseOverSeveralSteps(DType dtype)
    {
        var rule = new TestAdamUpdate(1e-2, 0.9, 0.999, 1e-8);
        Tensor[] cpu = [Random([1000], 40, dtype), Tensor.Zeros([1000], dtype), Tensor.Zeros([1000], dtype)];
        Tensor[] dev = cpu.Select(OnDevice).ToArray();
        try
        {
            for (int step = 0; step < 3; step++)
            {
                using Tensor g = Random([1000], 41 + step, dtype);
                using Tensor gd = OnDevice(g);
                Cpu.ApplyUpdate(rule, cpu, [g]);
                Backend.ApplyUpdate(rule, dev, [gd]);
            }
            for (int j = 0; j < 3; j++)
            {
                AssertClose(cpu[j], dev[j], 0, $"TestAdam state {j}");
            }
            // The step moved θ: a kernel that did nothing would not pass.
            using Tensor start = Random([1000], 40, dtype);
            Assert.NotEqual(start.ToDoubleArray(), dev[0].ToDoubleArray());
        }
        finally
        {
            foreach (Tensor t in cpu.Concat(dev))
            {
                t.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void TwoStateTwoInputRuleUsesBothInputsAndLeavesNoSlotBehind(DType dtype)
    {
        var rule = new TestTwoInputUpdate(0.1, 0.5);
        Tensor[] cpu = [Random([37], 50, dtype), Random([37], 51, dtype)];
        Tensor[] dev = cpu.Select(OnDevice).ToArray();
        using Tensor g = Random([37], 52, dtype), u = Random([37], 53, dtype);
        using Tensor gd = OnDevice(g), ud = OnDevice(u);
        try
        {
            Cpu.ApplyUpdate(rule, cpu, [g, u]);
            Backend.ApplyUpdate(rule, dev, [gd, ud]);
            AssertClose(cpu[0], dev[0], 0, "θ");
            AssertClose(cpu[1], dev[1], 0, "m");
        }
        finally
        {
            foreach (Tensor t in cpu.Concat(dev))
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void TheRuleKernelIsCompiledOncePerRuleAndDtype()
    {
        using var backend = global::SourceAD.Ilgpu.IlgpuBackend.Create(global::SourceAD.Ilgpu.IlgpuAccelerator.Cpu);
        SourceAD.Tensors.Backends.TensorBackends.Register(backend);
        var rule = new TestTwoInputUpdate(0.1, 0.5);
        using Tensor theta = Tensor.Zeros([8], DType.Float32, backend.Device), m = Tensor.Zeros([8], DType.Float32, backend.Device);
        using Tensor g = Tensor.Full([8], 1.0, DType.Float32, backend.Device);
        int before = backend.KernelLoads;
        backend.ApplyUpdate(rule, [theta, m], [g, g]);
        int afterFirst = backend.KernelLoads;
        backend.ApplyUpdate(rule, [theta, m], [g, g]);
        backend.ApplyUpdate(rule with { }, [theta, m], [g, g]);
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, backend.KernelLoads);
        // Three steps of θ −= 0.1·(1 + 0.5·1).
        Assert.All(theta.ToDoubleArray(), v => Assert.Equal(-0.45, v, 6));
    }

    [Fact]
    public void MisuseIsReportedWithTheRuleName()
    {
        var rule = new TestAdamUpdate(1e-2, 0.9, 0.999, 1e-8);
        using Tensor a = Tensor.Zeros([4], DType.Float32, IlgpuCpu), b = Tensor.Zeros([4], DType.Float32, IlgpuCpu), c = Tensor.Zeros([5], DType.Float32, IlgpuCpu);
        var arity = Assert.Throws<ArgumentException>(() => Backend.ApplyUpdate(rule, [a, b], [b]));
        Assert.Contains("TestAdam", arity.Message);
        var length = Assert.Throws<ArgumentException>(() => Backend.ApplyUpdate(rule, [a, b, c], [b]));
        Assert.Contains("state[2]", length.Message);
        using Tensor host = Tensor.Zeros([4]), host2 = Tensor.Zeros([4]), host3 = Tensor.Zeros([4]);
        var device = Assert.Throws<ArgumentException>(() => Backend.ApplyUpdate(rule, [host, host2, host3], [host]));
        Assert.Contains("cpu", device.Message);
    }

    [Fact]
    public void ARuleIlgpuCannotCompileIsReportedAndTheBackendKeepsWorking()
    {
        using var backend = global::SourceAD.Ilgpu.IlgpuBackend.Create(global::SourceAD.Ilgpu.IlgpuAccelerator.Cpu);
        SourceAD.Tensors.Backends.TensorBackends.Register(backend);
        using Tensor theta = Tensor.Zeros([8], DType.Float32, backend.Device), g = Tensor.Full([8], 1.0, DType.Float32, backend.Device);
        // Internal to an assembly that does not grant ILGPURuntime access: the CPU accelerator cannot emit its kernel.
        var hidden = Assert.Throws<NotSupportedException>(() => backend.ApplyUpdate(new HiddenUpdate(), [theta], [g]));
        Assert.Contains("Hidden", hidden.Message);
        Assert.Contains("ILGPURuntime", hidden.Message);
        // T.CreateTruncating branches on System.Type, which ILGPU cannot compile.
        var generic = Assert.Throws<NotSupportedException>(() => backend.ApplyUpdate(new CreateTruncatingUpdate(0.5), [theta], [g]));
        Assert.Contains("CreateTruncating", generic.Message);
        // A failed compilation used to leave ILGPU's IR context broken for every later kernel; new kernels still compile.
        using Tensor x = Tensor.Full([2, 3], 1.0, DType.Float32, backend.Device), y = Tensor.Empty([2, 3], DType.Float32, backend.Device);
        backend.Softmax(x, y, 1, log: false);
        Assert.All(y.ToArray<float>(), v => Assert.Equal(1f / 3, v, 6));
        using Tensor m = Tensor.Zeros([8], DType.Float32, backend.Device);
        backend.ApplyUpdate(new TestTwoInputUpdate(0.1, 0.5), [theta, m], [g, g]);
        Assert.All(theta.ToArray<float>(), t => Assert.Equal(-0.15f, t, 6));
    }
}

/// <summary>Internal: the test assembly does not grant ILGPURuntime access.</summary>
internal readonly struct HiddenUpdate : SourceAD.Optimizers.IElementwiseUpdate
{
    public string RuleName => "Hidden";

    public int StateCount => 1;

    public int InputCount => 1;

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) => s0 -= i0;

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) => s0 -= i0;

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => throw new NotSupportedException();
}

/// <summary>Rounds its scalar with T.CreateTruncating inside Apply (compiles for the host, not for ILGPU).</summary>
public readonly struct CreateTruncatingUpdate(double lr) : SourceAD.Optimizers.IElementwiseUpdate
{
    public string RuleName => "CreateTruncatingRule";

    public int StateCount => 1;

    public int InputCount => 1;

    private static void Rule<T>(ref T theta, T g, double lr) where T : System.Numerics.IFloatingPointIeee754<T> => theta -= T.CreateTruncating(lr) * g;

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) => Rule(ref s0, i0, lr);

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) => Rule(ref s0, i0, lr);

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => throw new NotSupportedException();
}
