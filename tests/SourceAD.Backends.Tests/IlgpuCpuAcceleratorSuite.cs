using SourceAD.Ilgpu;
using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>The behavioural suite on ILGPU's CPU accelerator (runs without a GPU).</summary>
[Collection(Ilgpu.IlgpuCollection.Name)]
public sealed class IlgpuCpuAcceleratorSuite : BackendSuite
{
    /// <inheritdoc/>
    protected override Device Device => Device.Ilgpu(IlgpuAccelerator.Cpu);
}
