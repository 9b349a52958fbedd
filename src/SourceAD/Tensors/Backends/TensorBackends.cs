using System.Collections.Concurrent;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Tensors.Backends;

/// <summary>Finds the backend of a device. The managed CPU backend is always there; others register themselves.</summary>
public static class TensorBackends
{
    private static readonly ConcurrentDictionary<Device, ITensorBackend> Registered = new();

    /// <summary>The backend that runs ops on <paramref name="device"/>.</summary>
    public static ITensorBackend For(Device device)
    {
        if (Registered.TryGetValue(device, out ITensorBackend? backend))
        {
            return backend;
        }
        if (device.Kind == DeviceKind.Cpu)
        {
            return CpuBackend.Default;
        }
        throw new NotSupportedException($"No tensor backend is registered for device {device}.");
    }

    /// <summary>Makes <paramref name="backend"/> the one for its device (for example a CPU backend with another thread count).</summary>
    public static void Register(ITensorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Registered[backend.Device] = backend;
    }

    /// <summary>Restores the built-in backend of <paramref name="device"/>.</summary>
    public static void Unregister(Device device) => Registered.TryRemove(device, out _);
}
