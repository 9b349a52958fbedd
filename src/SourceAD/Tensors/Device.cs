namespace SourceAD.Tensors;

/// <summary>The kinds of device a tensor can live on; each has one backend (see <see cref="Backends.ITensorBackend"/>).</summary>
public enum DeviceKind
{
    /// <summary>Host memory, computed by the managed CPU backend.</summary>
    Cpu = 0,
    /// <summary>An ILGPU accelerator (CUDA on an NVIDIA GPU, the CPU accelerator elsewhere); package SourceAD.Ilgpu.</summary>
    Ilgpu = 1,
    /// <summary>libtorch through TorchSharp (CPU or CUDA); package SourceAD.TorchSharp.</summary>
    Torch = 2,
}

/// <summary>
/// Where a tensor's memory lives and which backend runs its ops. <see cref="Cpu"/> is built in; the backend packages add
/// <c>Device.Ilgpu(…)</c> (SourceAD.Ilgpu) and <c>Device.Torch(…)</c> (SourceAD.TorchSharp) as static extension members,
/// which also register their backend, so code that never names them never loads ILGPU or libtorch.
/// </summary>
/// <param name="Kind">The backend family.</param>
/// <param name="Ordinal">
/// Which device of that kind: 0 for the CPU; for ILGPU the index the backend assigned to its accelerator; for Torch
/// −1 is libtorch's CPU and n ≥ 0 is CUDA device n.
/// </param>
public readonly record struct Device(DeviceKind Kind, int Ordinal = 0)
{
    /// <summary>The host CPU.</summary>
    public static Device Cpu => new(DeviceKind.Cpu);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Torch => Ordinal < 0 ? "torch:cpu" : $"torch:cuda:{Ordinal}",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Ordinal}",
    };
}
