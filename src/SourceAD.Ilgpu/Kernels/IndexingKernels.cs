using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Row gather (embedding) and its deterministic adjoint, one table element per thread.</summary>
internal static class IndexingKernels
{
    /// <summary>y[i, c] = table[indices[i], c].</summary>
    public static void GatherRows<T>(Index1D thread, ArrayView<T> table, ArrayView<int> indices, ArrayView<T> y, int cols, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            int row = i / cols;
            y[i] = table[indices[row] * cols + (i - row * cols)];
        }
    }

    /// <summary>
    /// table[v, c] = Σ of rows[positions[k], c] for k in [offsets[v], offsets[v + 1]) ascending (the positions of the
    /// indices equal to v, in ascending order): each table element is owned by one thread and summed in T in the CPU
    /// backend's order, so no atomics and the same rounding.
    /// </summary>
    public static void ScatterAddRows<T>(Index1D thread, ArrayView<T> rows, ArrayView<int> offsets, ArrayView<int> positions, ArrayView<T> table, int cols, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            int v = i / cols, c = i - v * cols;
            T sum = T.Zero;
            for (int k = offsets[v]; k < offsets[v + 1]; k++)
            {
                sum += rows[positions[k] * cols + c];
            }
            table[i] = sum;
        }
    }
}
