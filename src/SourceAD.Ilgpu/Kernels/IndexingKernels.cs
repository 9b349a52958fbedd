using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Masked fill, slices along an axis (narrow, concat), row gather (embedding) and its deterministic adjoint.</summary>
internal static class IndexingKernels
{
    /// <summary>y[i] = value where the mask is positive, else x[i]: meta = [rank, x shape…, mask strides…] (0 on broadcast axes).</summary>
    public static void MaskedFill<T>(Index1D thread, ArrayView<T> x, ArrayView<T> mask, ArrayView<T> y, T value, ArrayView<int> meta, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            int rank = meta[0];
            int rem = i, offset = 0;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                int size = meta[1 + axis];
                offset += rem % size * meta[1 + rank + axis];
                rem /= size;
            }
            y[i] = mask[offset] > T.Zero ? value : x[i];
        }
    }

    /// <summary>Element j of block o: destination[o·destinationStride + destinationOffset + j] = source[o·sourceStride + sourceOffset + j].</summary>
    public static void CopyBlocks<T>(Index1D thread, ArrayView<T> source, ArrayView<T> destination, BlockCopy copy, int elements, int stride)
        where T : unmanaged
    {
        for (int i = thread; i < elements; i += stride)
        {
            int o = i / copy.BlockLength, j = i - o * copy.BlockLength;
            destination[o * copy.DestinationStride + copy.DestinationOffset + j] = source[o * copy.SourceStride + copy.SourceOffset + j];
        }
    }

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

/// <summary>The geometry of <see cref="IndexingKernels.CopyBlocks{T}"/> (one struct: kernels take few parameters).</summary>
internal readonly record struct BlockCopy(int BlockLength, int SourceStride, int SourceOffset, int DestinationStride, int DestinationOffset);
