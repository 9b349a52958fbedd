using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Data movement by index: masked fill, axis permutation (transpose), slices along an axis (narrow, concat) and row gather/scatter (embedding).
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y)
    {
        int[] strides = PermutedStrides(x, axes);
        switch (y.DType)
        {
            case DType.Float32: Permute(Data<float>(x), strides, y.ShapeArray, Data<float>(y), y.Length); break;
            case DType.Float64: Permute(Data<double>(x), strides, y.ShapeArray, Data<double>(y), y.Length); break;
            default: Permute(Data<Half>(x), strides, y.ShapeArray, Data<Half>(y), y.Length); break;
        }
    }

    /// <summary>The stride in x of each axis of the permuted tensor.</summary>
    internal static int[] PermutedStrides(Tensor x, ReadOnlySpan<int> axes)
    {
        int[] xStrides = TensorShape.RowMajorStrides(x.Shape);
        var strides = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            strides[i] = xStrides[axes[i]];
        }
        return strides;
    }

    /// <summary>y in row-major order, each element read from x at Σ index·stride (an odometer over y's indices per line).</summary>
    private static void Permute<T>(T[] x, int[] strides, int[] shape, T[] y, int length) where T : unmanaged
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            y[0] = x[0];
            return;
        }
        int cols = shape[rank - 1], lastStride = strides[rank - 1], lines = cols == 0 ? 0 : length / cols;
        CpuParallel.For(lines, MaxThreads, line =>
        {
            int rem = line, offset = 0;
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                offset += rem % shape[axis] * strides[axis];
                rem /= shape[axis];
            }
            int first = line * cols;
            for (int c = 0; c < cols; c++)
            {
                y[first + c] = x[offset + c * lastStride];
            }
        });
    }

    /// <inheritdoc/>
    public void MaskedFill(Tensor x, Tensor mask, double value, Tensor y)
    {
        int[] maskStrides = TensorShape.BroadcastStrides(mask.Shape, x.Shape);
        switch (y.DType)
        {
            case DType.Float32: MaskedFill(Data<float>(x), Data<float>(mask), maskStrides, x.ShapeArray, (float)value, Data<float>(y), y.Length); break;
            case DType.Float64: MaskedFill(Data<double>(x), Data<double>(mask), maskStrides, x.ShapeArray, value, Data<double>(y), y.Length); break;
            default: MaskedFill(Data<Half>(x), Data<Half>(mask), maskStrides, x.ShapeArray, (Half)value, Data<Half>(y), y.Length); break;
        }
    }

    private static void MaskedFill<T>(T[] x, T[] mask, int[] maskStrides, int[] shape, T value, T[] y, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = RepeatedBlock(maskStrides, shape);
        if (block > 0)
        {
            // The mask is dense over the trailing axes and repeats over the leading ones (a causal [T, S] mask over
            // [B, H, T, S] scores): no index arithmetic per element.
            for (int first = 0; first < length; first += block)
            {
                for (int j = 0; j < block; j++)
                {
                    y[first + j] = mask[j] > T.Zero ? value : x[first + j];
                }
            }
            return;
        }
        int rank = shape.Length;
        for (int i = 0; i < length; i++)
        {
            int rem = i, offset = 0;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                offset += rem % shape[axis] * maskStrides[axis];
                rem /= shape[axis];
            }
            y[i] = mask[offset] > T.Zero ? value : x[i];
        }
    }

    /// <summary>
    /// The length of the trailing block that the mask covers row-major when it only repeats over the leading axes
    /// (strides 0 there); 0 when it broadcasts any other way.
    /// </summary>
    private static int RepeatedBlock(int[] maskStrides, int[] shape)
    {
        int block = 1, axis = shape.Length - 1;
        for (; axis >= 0 && (shape[axis] == 1 || maskStrides[axis] == block); axis--)
        {
            block *= shape[axis];
        }
        for (; axis >= 0; axis--)
        {
            if (shape[axis] != 1 && maskStrides[axis] != 0)
            {
                return 0;
            }
        }
        return block;
    }

    /// <inheritdoc/>
    public void Narrow(Tensor x, int axis, int start, Tensor y)
    {
        (int outer, int size, int inner) = TensorShape.Split(x.Shape, axis);
        int block = y.Size(axis) * inner;
        CopyBlocks(x, size * inner, start * inner, y, block, 0, outer, block);
    }

    /// <inheritdoc/>
    public void WriteSlice(Tensor source, int axis, int start, Tensor destination)
    {
        (int outer, int size, int inner) = TensorShape.Split(destination.Shape, axis);
        int block = source.Size(axis) * inner;
        CopyBlocks(source, block, 0, destination, size * inner, start * inner, outer, block);
    }

    /// <summary>For o in [0, blocks): blockLength elements from source[o·sourceStride + sourceOffset] to destination[o·destinationStride + destinationOffset].</summary>
    private static void CopyBlocks(Tensor source, int sourceStride, int sourceOffset, Tensor destination, int destinationStride, int destinationOffset, int blocks, int blockLength)
    {
        Array from = source.DType switch { DType.Float32 => Data<float>(source), DType.Float64 => Data<double>(source), _ => Data<Half>(source) };
        Array to = destination.DType switch { DType.Float32 => Data<float>(destination), DType.Float64 => Data<double>(destination), _ => Data<Half>(destination) };
        for (int o = 0; o < blocks; o++)
        {
            Array.Copy(from, o * sourceStride + sourceOffset, to, o * destinationStride + destinationOffset, blockLength);
        }
    }

    /// <inheritdoc/>
    public void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: GatherRows(Data<float>(table), indices, Data<float>(y), table.Size(1)); break;
            case DType.Float64: GatherRows(Data<double>(table), indices, Data<double>(y), table.Size(1)); break;
            default: GatherRows(Data<Half>(table), indices, Data<Half>(y), table.Size(1)); break;
        }
    }

    private static void GatherRows<T>(T[] table, ReadOnlySpan<int> indices, T[] y, int cols) where T : unmanaged
    {
        for (int i = 0; i < indices.Length; i++)
        {
            table.AsSpan(indices[i] * cols, cols).CopyTo(y.AsSpan(i * cols, cols));
        }
    }

    /// <inheritdoc/>
    public void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table)
    {
        switch (table.DType)
        {
            case DType.Float32: ScatterAddRows(Data<float>(rows), indices, Data<float>(table), table.Length, table.Size(1)); break;
            case DType.Float64: ScatterAddRows(Data<double>(rows), indices, Data<double>(table), table.Length, table.Size(1)); break;
            default:
                int[] copy = indices.ToArray();
                ViaFloat32([rows], [table], false, (i, o) => ScatterAddRows(i[0]!, copy, o[0]));
                break;
        }
    }

    /// <summary>One serial pass in ascending i: each table row receives its terms in that order (the device kernels match it).</summary>
    private static void ScatterAddRows<T>(T[] rows, ReadOnlySpan<int> indices, T[] table, int length, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        table.AsSpan(0, length).Clear();
        for (int i = 0; i < indices.Length; i++)
        {
            Span<T> target = table.AsSpan(indices[i] * cols, cols);
            ReadOnlySpan<T> source = rows.AsSpan(i * cols, cols);
            for (int c = 0; c < cols; c++)
            {
                target[c] += source[c];
            }
        }
    }
}
