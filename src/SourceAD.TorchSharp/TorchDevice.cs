using System.Collections.Concurrent;
using SourceAD.Tensors.Backends;
using SourceAD.TorchSharp;

namespace SourceAD.Tensors;

/// <summary>Adds <c>Device.Torch(…)</c> for projects that reference SourceAD.TorchSharp.</summary>
public static class TorchDevice
{
    private static readonly ConcurrentDictionary<int, TorchBackend> Backends = new();

    extension(Device)
    {
        /// <summary>
        /// A libtorch device: its CPU when <paramref name="cudaOrdinal"/> is −1 (the default), CUDA device n for n ≥ 0. The
        /// first call for a device creates its <see cref="TorchBackend"/> and registers it with <see cref="TensorBackends"/>.
        /// </summary>
        public static Device Torch(int cudaOrdinal = -1)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cudaOrdinal, -1);
            var device = new Device(DeviceKind.Torch, cudaOrdinal);
            if (!Backends.ContainsKey(cudaOrdinal))
            {
                TorchBackend backend = Backends.GetOrAdd(cudaOrdinal, ordinal => new TorchBackend(ordinal));
                TensorBackends.Register(backend);
            }
            return device;
        }
    }
}
