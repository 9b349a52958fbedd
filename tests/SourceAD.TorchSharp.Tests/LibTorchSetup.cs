using System.Runtime.CompilerServices;

namespace SourceAD.TorchSharp.Tests;

internal static class LibTorchSetup
{
    /// <summary>
    /// Many tests take libtorch's autograd as the reference, some before any TorchBackend exists (which would turn
    /// oneDNN off): the reference must not depend on test order. oneDNN's float32 convolution backward-data gives wrong
    /// values on some AVX-512 CPUs (see <see cref="TorchMkldnn"/>; <c>Tensors/TorchConvReferenceTests</c> checks it).
    /// </summary>
    [ModuleInitializer]
    internal static void DisableOneDnn() => TorchMkldnn.Enabled = false;
}
