using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>The behavioural suite on SourceAD's TorchSharp backend, libtorch's CPU (<c>Device.Torch()</c>).</summary>
public sealed class TorchCpuSuite : BackendSuite
{
    /// <inheritdoc/>
    protected override Device Device => Device.Torch();
}
