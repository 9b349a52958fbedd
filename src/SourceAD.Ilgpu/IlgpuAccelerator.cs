namespace SourceAD.Ilgpu;

/// <summary>Which ILGPU accelerator a backend runs on.</summary>
public enum IlgpuAccelerator
{
    /// <summary>The first CUDA device when there is one, otherwise the CPU accelerator.</summary>
    Auto = 0,
    /// <summary>ILGPU's CPU accelerator (kernels emulated on host threads): slow, but runs everywhere; tests use it.</summary>
    Cpu = 1,
    /// <summary>The first CUDA device; creating the backend throws when there is none.</summary>
    Cuda = 2,
}
