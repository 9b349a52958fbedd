namespace SourceAD.Tensors;

/// <summary>The kinds of device a tensor can live on; each has one backend (see <see cref="Backends.ITensorBackend"/>).</summary>
public enum DeviceKind
{
    /// <summary>Host memory, computed by the managed CPU backend.</summary>
    Cpu = 0,
    /// <summary>An ILGPU accelerator (CPU accelerator in CI, CUDA on a GPU). No backend yet.</summary>
    Ilgpu = 1,
    /// <summary>libtorch through TorchSharp. No backend yet.</summary>
    Torch = 2,
}

/// <summary>Where a tensor's memory lives and which backend runs its ops.</summary>
/// <param name="Kind">The backend family.</param>
/// <param name="Ordinal">Which device of that kind (0 for the CPU).</param>
public readonly record struct Device(DeviceKind Kind, int Ordinal = 0)
{
    /// <summary>The host CPU.</summary>
    public static Device Cpu => new(DeviceKind.Cpu);

    /// <inheritdoc/>
    public override string ToString() => Kind == DeviceKind.Cpu ? "cpu" : $"{Kind.ToString().ToLowerInvariant()}:{Ordinal}";
}
