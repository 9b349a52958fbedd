using System.Numerics;
using System.Runtime.InteropServices;
using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Masked fill, axis permutation, slices along an axis (narrow, concat) and row gather/scatter (embedding).
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y)
    {
        using var op = Begin();
        var dims = new long[axes.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = axes[i];
        }
        Write(y, View(x).permute(dims));
    }

    /// <inheritdoc/>
    public void MaskedFill(Tensor x, Tensor mask, double value, Tensor y)
    {
        using var op = Begin();
        Store(y, View(x).masked_fill(View(mask).gt(0), value));
    }

    /// <inheritdoc/>
    public void Narrow(Tensor x, int axis, int start, Tensor y)
    {
        using var op = Begin();
        Write(y, View(x).narrow(axis, start, y.Size(axis)));
    }

    /// <inheritdoc/>
    public void WriteSlice(Tensor source, int axis, int start, Tensor destination)
    {
        using var op = Begin();
        Out(destination).View(destination.Shape).narrow(axis, start, source.Size(axis)).copy_(View(source));
    }

    /// <inheritdoc/>
    public void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y)
    {
        using var op = Begin();
        Store(y, View(table).index_select(0, Labels(indices)));
    }

    /// <inheritdoc/>
    public void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table)
    {
        using var op = Begin();
        // On libtorch's CPU, one serial pass over its memory in ascending position, as the CPU backend (index_put_'s
        // accumulation order there depends on libtorch's thread count: the suite saw float32 sums differ in the last bits).
        if (IsCpu && table.DType is DType.Float32 or DType.Float64)
        {
            if (table.DType == DType.Float32) ScatterAddRowsOnHost<float>(rows, indices, table);
            else ScatterAddRowsOnHost<double>(rows, indices, table);
            return;
        }
        // Elsewhere index_put_ with accumulate: on CUDA libtorch sorts by index instead of using atomics (not run here).
        torch.Tensor sum = torch.zeros(View(table).shape, View(table).dtype, TorchDevice);
        sum.index_put_(View(rows), [Labels(indices)], accumulate: true);
        Store(table, sum);
    }

    private void ScatterAddRowsOnHost<T>(Tensor rows, ReadOnlySpan<int> indices, Tensor table) where T : unmanaged, INumberBase<T>
    {
        int cols = table.Size(1);
        ReadOnlySpan<T> source = MemoryMarshal.Cast<byte, T>(StorageOf(rows).Flat.bytes)[..rows.Length];
        Span<T> target = MemoryMarshal.Cast<byte, T>(Out(table).Flat.bytes)[..table.Length];
        target.Clear();
        for (int i = 0; i < indices.Length; i++)
        {
            Span<T> row = target.Slice(indices[i] * cols, cols);
            ReadOnlySpan<T> add = source.Slice(i * cols, cols);
            for (int c = 0; c < cols; c++)
            {
                row[c] += add[c];
            }
        }
    }
}
