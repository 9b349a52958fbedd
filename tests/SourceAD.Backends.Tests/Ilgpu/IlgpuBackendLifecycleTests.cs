using AcceleratorType = ILGPU.Runtime.AcceleratorType;
using SourceAD.Ilgpu;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>Kernel caching, the buffer pool, disposal and accelerator selection.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuBackendLifecycleTests
{
    [Fact]
    public void KernelsAreCompiledOnFirstUseOnly()
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuAccelerator.Cpu);
        TensorBackends.Register(backend);
        Assert.Equal(0, backend.KernelLoads);
        using Tensor x = Tensor.Full([64], -1.5, DType.Float32, backend.Device);
        int afterFill = backend.KernelLoads;
        Assert.Equal(1, afterFill);
        using Tensor y = Tensor.Empty([64], DType.Float32, backend.Device);
        backend.Unary(UnaryKind.Relu, 0, x, y);
        backend.Unary(UnaryKind.Abs, 0, x, y);
        backend.Fill(x, 2.0);
        Assert.Equal(afterFill + 1, backend.KernelLoads);
        // Another dtype is another kernel set.
        using Tensor z = Tensor.Full([64], 1.0, DType.Float64, backend.Device);
        Assert.Equal(afterFill + 2, backend.KernelLoads);
        Assert.All(y.ToDoubleArray(), v => Assert.Equal(1.5, v));
    }

    [Fact]
    public void DisposedTensorsReturnTheirBuffersToThePool()
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuAccelerator.Cpu);
        TensorBackends.Register(backend);
        var first = Tensor.Zeros([1000], DType.Float32, backend.Device);
        int allocations = backend.DeviceAllocations;
        first.Dispose();
        Assert.Equal(1, backend.PooledBuffers);
        for (int step = 0; step < 10; step++)
        {
            // Same size class (1000 and 700 both round up to 1024): no new device memory.
            using Tensor a = Tensor.Zeros([step % 2 == 0 ? 1000 : 700], DType.Float32, backend.Device);
            Assert.All(a.ToArray<float>(), v => Assert.Equal(0f, v));
            a.Backend.Fill(a, step);
        }
        Assert.Equal(allocations, backend.DeviceAllocations);
        // A view keeps the memory until the last holder is disposed.
        var owner = Tensor.Zeros([4, 4], DType.Float32, backend.Device);
        Tensor view = owner.Reshape(16);
        int pooled = backend.PooledBuffers;
        owner.Dispose();
        Assert.Equal(pooled, backend.PooledBuffers);
        view.Dispose();
        Assert.Equal(pooled + 1, backend.PooledBuffers);
        // Another dtype allocates (the view above was a new size class: one more).
        using Tensor d = Tensor.Zeros([1000], DType.Float64, backend.Device);
        Assert.Equal(allocations + 2, backend.DeviceAllocations);
    }

    [Fact]
    public void DisposingTheBackendUnregistersItAndInvalidatesItsTensors()
    {
        IlgpuBackend backend = IlgpuBackend.Create(IlgpuAccelerator.Cpu);
        TensorBackends.Register(backend);
        Device device = backend.Device;
        Tensor t = Tensor.Full([3], 1.0, DType.Float32, device);
        Assert.Same(backend, TensorBackends.For(device));
        backend.Dispose();
        backend.Dispose();
        Assert.True(backend.IsDisposed);
        Assert.Throws<NotSupportedException>(() => TensorBackends.For(device));
        Assert.Throws<ObjectDisposedException>(() => { backend.Fill(t, 2.0); });
        Assert.Throws<ObjectDisposedException>(() => backend.Allocate(DType.Float32, 3, false));
        t.Dispose(); // releasing after the backend is gone frees the buffer instead of pooling it, without throwing
    }

    [Fact]
    public void AcceleratorSelection()
    {
        using IlgpuBackend cpu = IlgpuBackend.Create(IlgpuAccelerator.Cpu);
        Assert.Equal(AcceleratorType.CPU, cpu.AcceleratorType);
        Assert.False(cpu.UseTiledGemm);
        using IlgpuBackend auto = IlgpuBackend.Create(IlgpuAccelerator.Auto);
        Assert.Equal(IlgpuBackend.CudaAvailable() ? AcceleratorType.Cuda : AcceleratorType.CPU, auto.AcceleratorType);
        if (!IlgpuBackend.CudaAvailable())
        {
            var e = Assert.Throws<NotSupportedException>(() => IlgpuBackend.Create(IlgpuAccelerator.Cuda));
            Assert.Contains("no CUDA device", e.Message);
        }
        // Each backend gets its own ordinal.
        Assert.Equal(DeviceKind.Ilgpu, cpu.Device.Kind);
        Assert.NotEqual(cpu.Device, auto.Device);
    }

    [Fact]
    public void DeviceIlgpuSharesOneRegisteredBackendPerPreference()
    {
        Device first = Device.Ilgpu(IlgpuAccelerator.Cpu), second = Device.Ilgpu(IlgpuAccelerator.Cpu);
        Assert.Equal(first, second);
        Assert.Equal(DeviceKind.Ilgpu, first.Kind);
        Assert.Same(IlgpuDevice.SharedBackend(IlgpuAccelerator.Cpu), TensorBackends.For(first));
        Assert.Equal($"ilgpu:{first.Ordinal}", first.ToString());
        if (!IlgpuBackend.CudaAvailable())
        {
            Assert.Equal(first, Device.Ilgpu());
        }
        using Tensor host = Tensor.FromArray([1f, 2f, 3f], 3);
        using Tensor moved = host.To(first);
        Assert.Equal(first, moved.Device);
        using Tensor back = moved.To(Device.Cpu);
        Assert.Equal(new[] { 1f, 2f, 3f }, back.ToArray<float>());
    }

    /// <summary>Registering never replaces another user's backend: each backend has its own device, a second backend for a
    /// device is refused, the CPU's built-in backend cannot be replaced, and unregistering one backend leaves the others.</summary>
    [Fact]
    public void RegistrationNeverClobbersAnotherBackend()
    {
        using IlgpuBackend first = IlgpuBackend.Create(IlgpuAccelerator.Cpu), second = IlgpuBackend.Create(IlgpuAccelerator.Cpu, tiledGemm: true);
        TensorBackends.Register(first);
        TensorBackends.Register(first); // the same instance again: nothing changes
        TensorBackends.Register(second);
        Assert.Same(first, TensorBackends.For(first.Device));
        Assert.Same(second, TensorBackends.For(second.Device));
        Assert.False(first.UseTiledGemm);
        Assert.True(second.UseTiledGemm);
        Assert.Throws<InvalidOperationException>(() => TensorBackends.Register(SameDevice(first)));
        Assert.Same(first, TensorBackends.For(first.Device));
        Assert.Throws<ArgumentException>(() => TensorBackends.Register(Cpu));
        TensorBackends.Unregister(SameDevice(first)); // not the registered instance: ignored
        Assert.Same(first, TensorBackends.For(first.Device));
        TensorBackends.Unregister(second);
        Assert.Throws<NotSupportedException>(() => TensorBackends.For(second.Device));
        Assert.Same(first, TensorBackends.For(first.Device));
    }

    private static ITensorBackend SameDevice(ITensorBackend backend)
    {
        ITensorBackend proxy = System.Reflection.DispatchProxy.Create<ITensorBackend, DeviceOnly>();
        ((DeviceOnly)(object)proxy).Device = backend.Device;
        return proxy;
    }

    /// <summary>Another backend claiming an existing backend's device (only its Device is ever read).</summary>
    public class DeviceOnly : System.Reflection.DispatchProxy
    {
        public Device Device { get; set; }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_Device" ? Device : throw new NotSupportedException(targetMethod?.Name);
    }
}
