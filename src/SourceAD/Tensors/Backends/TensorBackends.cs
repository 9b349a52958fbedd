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

    /// <summary>
    /// Makes <paramref name="backend"/> the one for its device. Each backend instance has a device of its own (ILGPU
    /// numbers its accelerators, TorchSharp its CUDA devices), so registering never replaces anyone else's backend:
    /// registering the same instance again does nothing, and another backend for a device that has one is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The device is the CPU, whose backend (<see cref="CpuBackend.Default"/>) is built in.</exception>
    /// <exception cref="InvalidOperationException">Another backend is registered for the same device.</exception>
    public static void Register(ITensorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (backend.Device.Kind == DeviceKind.Cpu)
        {
            throw new ArgumentException(
                "The CPU device's backend is built in and shared by everyone; limit its threads per flow with CpuBackend.UseThreads instead.",
                nameof(backend));
        }
        ITensorBackend registered = Registered.GetOrAdd(backend.Device, backend);
        if (!ReferenceEquals(registered, backend))
        {
            throw new InvalidOperationException(
                $"Device {backend.Device} already has a backend; unregister it first, or create the new backend on a device of its own.");
        }
    }

    /// <summary>Removes <paramref name="backend"/>'s registration, if it is still the one for its device.</summary>
    public static void Unregister(ITensorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Registered.TryRemove(new KeyValuePair<Device, ITensorBackend>(backend.Device, backend));
    }

    /// <summary>Removes whatever backend is registered for <paramref name="device"/>.</summary>
    public static void Unregister(Device device) => Registered.TryRemove(device, out _);
}
