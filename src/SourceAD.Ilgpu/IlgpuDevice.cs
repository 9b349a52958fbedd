using SourceAD.Ilgpu;
using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

/// <summary>Adds <c>Device.Ilgpu(…)</c> for code that references SourceAD.Ilgpu.</summary>
public static class IlgpuDevice
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<IlgpuAccelerator, IlgpuBackend> Shared = [];

    extension(Device)
    {
        /// <summary>
        /// The device of the process-wide ILGPU backend for <paramref name="preference"/>: created and registered with
        /// <see cref="TensorBackends"/> on first use, then reused. Move tensors there with <c>tensor.To(device)</c>.
        /// </summary>
        public static Device Ilgpu(IlgpuAccelerator preference = IlgpuAccelerator.Auto) => SharedBackend(preference).Device;
    }

    /// <summary>The process-wide backend <c>Device.Ilgpu(preference)</c> uses (Auto shares the one of the kind it picks).</summary>
    public static IlgpuBackend SharedBackend(IlgpuAccelerator preference = IlgpuAccelerator.Auto)
    {
        lock (Gate)
        {
            if (Shared.TryGetValue(preference, out IlgpuBackend? cached) && !cached.IsDisposed)
            {
                return cached;
            }
            if (preference == IlgpuAccelerator.Auto)
            {
                IlgpuAccelerator kind = IlgpuBackend.CudaAvailable() ? IlgpuAccelerator.Cuda : IlgpuAccelerator.Cpu;
                IlgpuBackend picked = SharedBackend(kind);
                Shared[IlgpuAccelerator.Auto] = picked;
                return picked;
            }
            IlgpuBackend backend = IlgpuBackend.Create(preference);
            TensorBackends.Register(backend);
            Shared[preference] = backend;
            return backend;
        }
    }
}
