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
}
