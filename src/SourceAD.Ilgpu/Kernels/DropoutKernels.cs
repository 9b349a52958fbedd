using System.Numerics;
using ILGPU;
using SourceAD.Tensors.Backends;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Dropout: each thread hashes its element's index (<see cref="DropoutMask"/>, compiled into the kernel).</summary>
internal static class DropoutKernels
{
    /// <summary>y[i] = x[i]·scale where <see cref="DropoutMask.Keeps"/>(key, threshold, i), else 0.</summary>
    public static void Dropout<T>(Index1D thread, ArrayView<T> x, ArrayView<T> y, uint key, uint threshold, T scale, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] = DropoutMask.Keeps(key, threshold, i) ? x[i] * scale : T.Zero;
        }
    }
}
